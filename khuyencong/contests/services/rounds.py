"""Writes of rounds: creation with the default scoring sheet, edits, jury, conflicts, actions."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.contests.data import DEFAULT_SHEET
from khuyencong.contests.models import (
    ConflictOfInterest,
    CriteriaGroup,
    Criterion,
    Entry,
    Level,
    Round,
    RoundStatus,
)
from khuyencong.contests.services.access import check, may_judge, may_manage, may_organise
from khuyencong.contests.workflow import ROUND_WORKFLOW
from khuyencong.core.concurrency import claim_version
from khuyencong.core.services import write
from khuyencong.policy.models import LegalBasis

TYPICAL_PRODUCT_BASES = ("tt-26-2014-bct", "tt-14-2018-bct", "tt-38-2025-bct")
ROUND_FIELDS = (
    "level",
    "year",
    "title",
    "organiser",
    "province",
    "commune",
    "region",
    "legal_basis",
    "registration_opens",
    "registration_closes",
    "scoring_until",
    "announcement_date",
    "pass_mark",
    "certificate_years",
    "council_members",
)


def default_legal_basis(day: datetime.date | None = None) -> LegalBasis | None:
    """The typical-products circular in force (the newest amendment first)."""
    day = day or timezone.localdate()
    bases = LegalBasis.objects.filter(code__in=TYPICAL_PRODUCT_BASES)
    in_force = bases.in_force_on(day).order_by("-effective_from").first()
    return in_force or bases.order_by("-effective_from").first()


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned = dict(values)
    level = cleaned.get("level")
    cleaned["title"] = str(cleaned.get("title") or "").strip()
    if not cleaned["title"]:
        errors["title"] = _("Enter the title.")
    if level not in Level.values:
        errors["level"] = _("Choose the level.")
    year = cleaned.get("year")
    if not year or not 2000 <= int(year) <= timezone.localdate().year + 2:
        errors["year"] = _("Enter a valid year.")
    if cleaned.get("organiser") is None:
        errors["organiser"] = _("Choose the organiser.")
    province, commune = cleaned.get("province"), cleaned.get("commune")
    if level == Level.COMMUNE:
        if commune is None:
            errors["commune"] = _("A commune round needs its commune.")
        else:
            cleaned["province"] = commune.province
    elif level == Level.PROVINCE:
        cleaned["commune"] = None
        if province is None:
            errors["province"] = _("A provincial round needs its province.")
    else:
        cleaned["province"] = cleaned["commune"] = None
    if level == Level.REGION:
        if not cleaned.get("region"):
            errors["region"] = _("A regional round needs its region.")
    else:
        cleaned["region"] = ""
    if cleaned.get("legal_basis") is None:
        cleaned["legal_basis"] = default_legal_basis()
    elif cleaned["legal_basis"].code not in TYPICAL_PRODUCT_BASES:
        errors["legal_basis"] = _("Choose a circular on typical rural industrial products.")
    dates = ["registration_opens", "registration_closes", "scoring_until", "announcement_date"]
    for name in dates:
        if cleaned.get(name) is None:
            errors[name] = _("Enter the date.")
    if not any(name in errors for name in dates):
        for earlier, later in itertools.pairwise(dates):
            if cleaned[later] < cleaned[earlier]:
                errors[later] = _("The timetable must be in order: this date is too early.")
    pass_mark = cleaned.get("pass_mark")
    if pass_mark is None:
        cleaned.pop("pass_mark", None)
    elif not 1 <= int(pass_mark) <= 100:
        errors["pass_mark"] = _("The pass mark is between 1 and 100.")
    years = cleaned.get("certificate_years")
    if years is None:
        cleaned.pop("certificate_years", None)
    elif not 1 <= int(years) <= 10:
        errors["certificate_years"] = _("Between 1 and 10 years.")
    cleaned["council_members"] = str(cleaned.get("council_members") or "").strip()
    if errors:
        raise ValidationError(errors)
    return cleaned


def seed_sheet(round_: Round, sheet=DEFAULT_SHEET) -> None:
    """Give a round the scoring sheet `sheet` ([(group, [(criterion, max), …]), …])."""
    for group_order, (group_name, criteria) in enumerate(sheet, start=1):
        group = CriteriaGroup.objects.create(round=round_, name=str(group_name), order=group_order)
        for order, (name, points) in enumerate(criteria, start=1):
            Criterion.objects.create(group=group, name=str(name), max_points=points, order=order)


def _check_organiser(by: User, cleaned: dict[str, Any]) -> None:
    """`by` may organise a round of the cleaned level and place (for a commune round, the
    province is the commune's, so a commune elsewhere is refused too)."""
    province = cleaned.get("province")
    check(
        may_organise(by, level=cleaned["level"], province_id=province.pk if province else None),
        _("You may not organise a round of this level here."),
    )


def _check_jury(jurors, cleaned: dict[str, Any]) -> None:
    """Every juror may sit on a jury of the cleaned level and province."""
    province = cleaned.get("province")
    province_id = province.pk if province else None
    refused = [
        juror
        for juror in jurors
        if not may_judge(juror, level=cleaned["level"], province_id=province_id)
    ]
    if refused:
        raise ValidationError(
            {
                "jurors": _(
                    "These people may not sit on the jury: %(names)s. Jurors are active staff "
                    "(not establishment or read-only accounts) and, for a commune or provincial "
                    "round, of the round's province or of the ministry."
                )
                % {"names": ", ".join(str(juror) for juror in refused)}
            }
        )


@write
def round_create(*, by: User, jurors=(), sheet=None, **values: Any) -> Round:
    cleaned = _clean(values)
    _check_organiser(by, cleaned)
    jurors = list(jurors or ())
    _check_jury(jurors, cleaned)
    round_ = Round(**{k: cleaned[k] for k in ROUND_FIELDS if k in cleaned})
    round_.save()
    if jurors:
        round_.jurors.set(jurors)
    seed_sheet(round_, sheet or DEFAULT_SHEET)
    return round_


@write
def round_update(*, round_: Round, by: User, expected_version: int, jurors=None, **values):
    check(may_manage(by, round_))
    if round_.status == RoundStatus.CLOSED:
        raise ValidationError(_("A closed round cannot be changed."))
    merged = {**{k: getattr(round_, k) for k in ROUND_FIELDS}, **values}
    cleaned = _clean(merged)
    # The new level and place must be the caller's to organise too (not only the old ones).
    _check_organiser(by, cleaned)
    if cleaned["level"] != round_.level and round_.entries.exists():
        raise ValidationError({"level": _("The level cannot change once entries exist.")})
    if jurors is not None:
        jurors = list(jurors)
        _check_jury(jurors, cleaned)
    elif any(
        getattr(round_, f"{name}_id") != getattr(cleaned.get(name), "pk", None)
        for name in ("province", "commune")
    ) or (cleaned["level"] != round_.level):
        _check_jury(list(round_.jurors.all()), cleaned)  # the jury stays: it must still fit
    claim_version(round_, expected_version)
    for key in ROUND_FIELDS:
        if key in cleaned:
            setattr(round_, key, cleaned[key])
    round_.save()
    if jurors is not None:
        round_.jurors.set(jurors)
    return round_


@write
def criterion_update(*, criterion: Criterion, by: User, max_points: int, name: str | None = None):
    """Change a sub-criterion's maximum (before scoring starts)."""
    round_ = criterion.group.round
    check(may_manage(by, round_))
    if round_.status != RoundStatus.REGISTRATION:
        raise ValidationError(_("The scoring sheet is fixed once scoring has started."))
    if not 1 <= int(max_points) <= 100:
        raise ValidationError({"max_points": _("Between 1 and 100 points.")})
    criterion.max_points = max_points
    if name:
        criterion.name = name.strip()
    criterion.save()
    return criterion


@write
def sheet_update(*, round_: Round, by: User, maxima: dict[int, int]) -> None:
    """Set the maximum points of the round's sub-criteria (keyed by criterion id), all at once,
    before scoring starts. The total need not be 100 yet; scoring cannot start until it is."""
    check(may_manage(by, round_))
    if round_.status != RoundStatus.REGISTRATION:
        raise ValidationError(_("The scoring sheet is fixed once scoring has started."))
    criteria = {c.pk: c for c in Criterion.objects.filter(group__round=round_)}
    errors = {}
    for pk, value in maxima.items():
        if pk not in criteria:
            raise ValidationError(_("This criterion is of another round."))
        if value is None or not 1 <= int(value) <= 100:
            errors[f"c{pk}"] = _("Between 1 and 100 points.")
    if errors:
        raise ValidationError(errors)
    for pk, value in maxima.items():
        criterion = criteria[pk]
        if criterion.max_points != value:
            criterion.max_points = value
            criterion.save()


@write
def conflict_add(*, round_: Round, by: User, juror: User, establishment, reason: str):
    check(may_manage(by, round_))
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say how the juror is linked to the establishment.")
    if not round_.jurors.filter(pk=juror.pk).exists():
        errors["juror"] = _("This person is not on the jury of the round.")
    if ConflictOfInterest.objects.filter(
        round=round_, juror=juror, establishment=establishment
    ).exists():
        errors["establishment"] = _("This conflict is already recorded.")
    if errors:
        raise ValidationError(errors)
    return ConflictOfInterest.objects.create(
        round=round_, juror=juror, establishment=establishment, reason=reason
    )


@write
def assign_jurors(*, entry: Entry, by: User, jurors) -> Entry:
    """Assign jurors to an entry (an empty list: every juror of the round)."""
    check(may_manage(by, entry.round))
    jurors = list(jurors)
    strangers = [j for j in jurors if not entry.round.jurors.filter(pk=j.pk).exists()]
    if strangers:
        raise ValidationError({"jurors": _("Only jury members of the round can be assigned.")})
    entry.jurors.set(jurors)
    return entry


def round_transition(*, round_: Round, by: User, name: str, expected_version: int, data=None):
    return ROUND_WORKFLOW.perform(
        round_, user=by, name=name, data=data or {}, expected_version=expected_version
    )
