"""Jurors' scores: each sub-criterion within its maximum, on assigned entries only, never on an
establishment the juror is linked to."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.contests.models import Criterion, Entry, Round, RoundStatus, Score
from khuyencong.contests.services.access import has_conflict, is_assigned, is_juror
from khuyencong.core.formatting import format_number
from khuyencong.core.services import write


def _points(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", ".")).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        return Decimal("NaN")


@write
def scores_save(*, entry: Entry, by: User, points: dict[int, Any]) -> list[Score]:
    """Save `by`'s points on `entry` ({criterion id: points}); every criterion is required.

    All or nothing: one point above a maximum refuses the whole sheet."""
    round_ = Round.objects.get(pk=entry.round_id)
    entry.round = round_
    if round_.status != RoundStatus.SCORING:
        raise ValidationError(_("The round is not being scored."))
    if not is_juror(by, round_):
        raise PermissionDenied(_("You are not on the jury of this round."))
    if not is_assigned(by, entry):
        raise PermissionDenied(_("This entry is not assigned to you."))
    if has_conflict(by, entry):
        raise PermissionDenied(
            _("You are linked to this establishment (conflict of interest): you may not score it.")
        )
    criteria = list(Criterion.objects.filter(group__round=round_))
    errors: dict[str, str] = {}
    values: dict[Criterion, Decimal] = {}
    for criterion in criteria:
        raw = points.get(criterion.pk, points.get(str(criterion.pk)))
        value = _points(raw)
        field = f"c{criterion.pk}"
        if value is None:
            errors[field] = _("Enter the points for “%(c)s”.") % {"c": criterion.name}
        elif value.is_nan():
            errors[field] = _("“%(c)s”: enter a number.") % {"c": criterion.name}
        elif value < 0:
            errors[field] = _("“%(c)s”: the points cannot be negative.") % {"c": criterion.name}
        elif value > criterion.max_points:
            errors[field] = _("“%(c)s”: at most %(max)s points (you gave %(v)s).") % {
                "c": criterion.name,
                "max": format_number(criterion.max_points, 2, trim=True),
                "v": format_number(value, 2, trim=True),
            }
        else:
            values[criterion] = value
    if errors:
        raise ValidationError(errors)
    existing = {s.criterion_id: s for s in Score.objects.filter(entry=entry, juror=by)}
    saved = []
    for criterion, value in values.items():
        score = existing.get(criterion.pk)
        if score is None:
            score = Score(entry=entry, juror=by, criterion=criterion, points=value)
            score.save()
        elif score.points != value:
            score.points = value
            score.save()
        saved.append(score)
    return saved
