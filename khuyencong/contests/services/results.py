"""Results of a round: averages and ranking (in SQL), certificates, and the winners'
nomination to the next level's round with their dossier carried over."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.contests.data import region_of
from khuyencong.contests.models import (
    Certificate,
    Entry,
    EntryDocument,
    EntryPhoto,
    Level,
    Round,
    RoundStatus,
    next_level,
)
from khuyencong.contests.services.access import check, may_manage
from khuyencong.core.history import record_event
from khuyencong.core.services import write

TWO = Decimal("0.01")


@dataclass
class Result:
    entry: Entry
    total: Decimal
    jurors_scored: int
    average: Decimal | None
    rank: int | None = None
    tie: bool = False
    passed: bool | None = None


def compute_results(round_: Round) -> list[Result]:
    """Every entry's average over the jurors who scored it, ranked (ties share a rank)."""
    rows = (
        Entry.objects.filter(round=round_)
        .select_related("establishment", "province", "certificate")
        .annotate(total=Sum("scores__points"), jurors_scored=Count("scores__juror", distinct=True))
        .order_by("pk")
    )
    results = []
    for entry in rows:
        total = entry.total or Decimal(0)
        average = (
            (total / entry.jurors_scored).quantize(TWO, ROUND_HALF_UP)
            if entry.jurors_scored
            else None
        )
        results.append(Result(entry, total, entry.jurors_scored, average))
    scored = sorted(
        (r for r in results if r.average is not None), key=lambda r: r.average, reverse=True
    )
    for index, result in enumerate(scored):
        if index and result.average == scored[index - 1].average:
            result.rank = scored[index - 1].rank
        else:
            result.rank = index + 1
        result.passed = result.average >= round_.pass_mark
    counts: dict[int, int] = {}
    for result in scored:
        counts[result.rank] = counts.get(result.rank, 0) + 1
    for result in scored:
        result.tie = counts[result.rank] > 1
    unscored = [r for r in results if r.average is None]
    for result in unscored:
        result.passed = False
    return scored + unscored


def store_results(round_: Round) -> None:
    """Store averages, ranks and pass/fail on the entries (when the round closes)."""
    for result in compute_results(round_):
        entry = result.entry
        entry.average_score = result.average
        entry.rank = result.rank
        entry.passed = result.passed
        entry.save(update_fields=["average_score", "rank", "passed", "updated_at"])


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@write
def certify(
    *, round_: Round, by: User, issued_on: datetime.date, number_prefix: str = ""
) -> list[Certificate]:
    """Issue a certificate to every entry that passed (those already certified are kept)."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    check(may_manage(by, round_))
    if round_.status != RoundStatus.CLOSED:
        raise ValidationError(_("Certificates are issued once the round is closed."))
    if issued_on is None:
        raise ValidationError({"issued_on": _("Enter the date of the certificates.")})
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("The date cannot be in the future.")})
    winners = list(
        round_.entries.filter(passed=True, certificate__isnull=True)
        .select_related("establishment")
        .order_by("rank", "pk")
    )
    if not winners:
        raise ValidationError(_("No entry of this round is waiting for a certificate."))
    prefix = (number_prefix or "").strip() or f"{round_.year}/{round_.pk}"
    start = Certificate.objects.filter(entry__round=round_).count()
    certificates = []
    for index, entry in enumerate(winners, start=start + 1):
        certificate = Certificate(
            entry=entry,
            number=f"{prefix}-{index:03d}",
            issued_on=issued_on,
            level=round_.level,
            year=round_.year,
            valid_until=_add_years(issued_on, round_.certificate_years),
            province=entry.province,
            establishment=entry.establishment,
        )
        certificate.save()
        certificates.append(certificate)
    record_event(
        round_, "contest.certified", data={"certificates": [c.number for c in certificates]}
    )
    return certificates


def open_next_rounds(round_: Round):
    """Open rounds of the next level that the winners of `round_` may move to."""
    level = next_level(round_.level)
    if level is None:
        return Round.objects.none()
    rounds = Round.objects.filter(level=level, status=RoundStatus.REGISTRATION)
    if level == Level.PROVINCE:
        rounds = rounds.filter(province_id=round_.province_id)
    elif level == Level.REGION:
        rounds = rounds.filter(region=region_of(round_.province) or "-")
    return rounds.select_related("organiser", "province").order_by("-year", "pk")


def _copy(stored, model, entry: Entry, by: User, **extra):
    with stored.file.open("rb") as handle:
        content = ContentFile(handle.read(), name=stored.original_name)
    copy = model(
        entry=entry,
        original_name=stored.original_name,
        kind=stored.kind,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by=by,
        **extra,
    )
    copy.file.save(stored.original_name, content, save=False)
    copy.save()
    return copy


@write
def nominate(
    *, round_: Round, by: User, target: Round, entries: list[Entry] | None = None
) -> list[Entry]:
    """Put the winners of `round_` (or the `entries` named) into the next level's round
    `target`, each as a new entry linked to the previous one, with its photos and documents.

    The organiser of either round may do it; a product that did not pass is refused."""
    round_ = Round.objects.get(pk=round_.pk)
    target = Round.objects.select_for_update().get(pk=target.pk)
    check(may_manage(by, round_) or may_manage(by, target))
    if round_.status != RoundStatus.CLOSED:
        raise ValidationError(_("Only the winners of a closed round can be nominated."))
    if target.level != next_level(round_.level):
        raise ValidationError({"target": _("Choose a round of the next level.")})
    if target.status != RoundStatus.REGISTRATION:
        raise ValidationError({"target": _("The round chosen is not open for registration.")})
    if entries is None:
        entries = list(round_.entries.filter(passed=True).order_by("rank", "pk"))
        if not entries:
            raise ValidationError(_("No product of this round passed."))
    failed = [e.product_name for e in entries if not e.passed or e.round_id != round_.pk]
    if failed:
        raise ValidationError(
            _("Only products that passed can be nominated; refused: %(names)s.")
            % {"names": ", ".join(failed)}
        )
    from khuyencong.contests.services.entries import eligibility_errors

    created = []
    for entry in entries:
        if Entry.objects.filter(round=target, previous_entry=entry).exists():
            raise ValidationError(
                _("“%(name)s” is already nominated to this round.") % {"name": entry.product_name}
            )
        problems = eligibility_errors(target, entry.establishment)
        if problems:
            raise ValidationError(
                _("“%(name)s”: %(why)s")
                % {"name": entry.product_name, "why": " ".join(problems.values())}
            )
        certificate = Certificate.objects.filter(entry=entry).first()
        if certificate is None:
            raise ValidationError(
                _("“%(name)s” has no certificate yet: issue the certificates first.")
                % {"name": entry.product_name}
            )
        new = Entry.objects.create(
            round=target,
            establishment=entry.establishment,
            province=entry.province,
            commune=entry.commune,
            product_name=entry.product_name,
            description=entry.description,
            group=entry.group,
            mass_producible=entry.mass_producible,
            previous_entry=entry,
            lower_certificate=certificate,
        )
        for photo in entry.photos.all():
            _copy(photo, EntryPhoto, new, by, caption=photo.caption)
        for document in entry.documents.all():
            _copy(document, EntryDocument, new, by, title=document.title)
        record_event(new, "contest.nominated", data={"from_round": round_.pk})
        created.append(new)
    return created
