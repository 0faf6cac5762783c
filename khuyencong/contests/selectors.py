"""Reads of the contests module, always scoped to the user.

- Organisers (and everyone their scope reaches) see rounds and entries through `restrict`;
- jurors also see the rounds they sit on, and only the entries assigned to them;
- establishments' accounts see their own entries (and the rounds those are in).
Scores are shown to organisers; to a juror only their own; to everyone once the round closes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from khuyencong.accounts.roles import NATIONAL_ROLES, PROVINCIAL_ROLES, Role
from khuyencong.contests.models import (
    Certificate,
    ConflictOfInterest,
    CriteriaGroup,
    Criterion,
    Entry,
    Level,
    Round,
    RoundStatus,
    Score,
)
from khuyencong.contests.services.access import (
    PROVINCIAL_LEVELS,
    is_assigned,
    may_manage,
    role_of,
)
from khuyencong.core.scope import restrict


def sheet_total(round_: Round) -> int:
    return Criterion.objects.filter(group__round=round_).aggregate(n=Sum("max_points"))["n"] or 0


def sheet(round_: Round) -> list[CriteriaGroup]:
    return list(round_.criteria_groups.prefetch_related("criteria"))


def _juror_entries(user) -> Q:
    return Q(jurors=user) | Q(round__jurors=user, jurors__isnull=True)


def round_list(*, user) -> QuerySet[Round]:
    role = role_of(user)
    if role is None:
        return Round.objects.none()
    ids = managed_q(user) | Q(jurors=user)
    if role == Role.ESTABLISHMENT:
        ids |= Q(entries__establishment_id=user.establishment_id)
    else:
        ids |= Q(pk__in=restrict(Round.objects.all(), user).values("pk"))
    return (
        Round.objects.filter(pk__in=Round.objects.filter(ids).values("pk"))
        .select_related("organiser", "province", "commune")
        .annotate(entry_count=Count("entries", distinct=True))
        .order_by("-year", "level", "pk")
    )


def round_get(*, user, pk: int) -> Round:
    try:
        return round_list(user=user).get(pk=pk)
    except (Round.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def managed_q(user, prefix: str = "") -> Q:
    """Rounds (or, with prefix "round__", entries) the user organises."""
    role = role_of(user)
    if role in NATIONAL_ROLES:
        return Q()
    if role in PROVINCIAL_ROLES and user.province_id:
        return Q(
            **{
                f"{prefix}province_id": user.province_id,
                f"{prefix}level__in": sorted(PROVINCIAL_LEVELS),
            }
        )
    return Q(pk__in=[])


def entry_list(*, user, round_: Round | None = None) -> QuerySet[Entry]:
    """Entries the user may see: organisers those of their rounds, jurors those assigned to
    them, establishments their own; others in their scope once the round is closed."""
    role = role_of(user)
    if role is None:
        return Entry.objects.none()
    rows = Entry.objects.all()
    if round_ is not None:
        rows = rows.filter(round=round_)
    visible = managed_q(user, "round__") | Q(
        pk__in=Entry.objects.filter(_juror_entries(user)).values("pk")
    )
    if role == Role.ESTABLISHMENT:
        visible |= Q(establishment_id=user.establishment_id)
    else:
        visible |= Q(
            pk__in=restrict(Entry.objects.all(), user).values("pk"),
            round__status=RoundStatus.CLOSED,
        )
    return (
        rows.filter(visible)
        .select_related("round", "establishment", "province", "certificate")
        .annotate(photo_count=Count("photos", distinct=True))
        .order_by("round", "rank", "product_name", "pk")
    )


def entry_get(*, user, pk: int) -> Entry:
    try:
        return entry_list(user=user).get(pk=pk)
    except (Entry.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def juror_queue(*, user, round_: Round) -> list[Entry]:
    """The entries the juror scores in this round, in order, with `scored` and `conflict`."""
    conflicts = ConflictOfInterest.objects.filter(
        round=round_, juror=user, establishment=OuterRef("establishment")
    )
    mine = Score.objects.filter(entry=OuterRef("pk"), juror=user)
    entries = list(
        Entry.objects.filter(round=round_)
        .filter(_juror_entries(user))
        .distinct()
        .select_related("establishment")
        .annotate(conflict=Exists(conflicts), scored=Exists(mine))
        .order_by("pk")
    )
    own = getattr(user, "establishment_id", None)
    for entry in entries:  # the juror's own establishment is a conflict too (has_conflict)
        entry.conflict = entry.conflict or (own is not None and entry.establishment_id == own)
    return entries


@dataclass
class Progress:
    juror: object
    assigned: int
    scored: int
    conflicts: int

    @property
    def percent(self) -> int:
        to_score = self.assigned - self.conflicts
        return round(100 * self.scored / to_score) if to_score else 100


def progress(round_: Round) -> list[Progress]:
    """Per juror: entries assigned, scored (complete sheets) and excluded by a conflict."""
    criteria = Criterion.objects.filter(group__round=round_).count()
    entries = list(round_.entries.prefetch_related("jurors"))
    conflicts = {
        (c.juror_id, c.establishment_id) for c in ConflictOfInterest.objects.filter(round=round_)
    }
    counts = {
        (row["juror"], row["entry"]): row["n"]
        for row in Score.objects.filter(entry__round=round_)
        .values("juror", "entry")
        .annotate(n=Count("pk"))
    }
    rows = []
    for juror in round_.jurors.order_by("last_name", "first_name", "pk"):
        assigned = [e for e in entries if not e.jurors.all() or juror in e.jurors.all()]
        rows.append(
            Progress(
                juror=juror,
                assigned=len(assigned),
                scored=sum(
                    1 for e in assigned if criteria and counts.get((juror.pk, e.pk)) == criteria
                ),
                conflicts=sum(
                    1
                    for e in assigned
                    if (juror.pk, e.establishment_id) in conflicts
                    or e.establishment_id == juror.establishment_id
                ),
            )
        )
    return rows


def may_see_scores(user, entry: Entry) -> bool:
    return entry.round.status == RoundStatus.CLOSED or may_manage(user, entry.round)


def scores_for(user, entry: Entry) -> QuerySet[Score]:
    """Scores of the entry the user may see: all once closed or for organisers, else their own."""
    rows = Score.objects.filter(entry=entry).select_related("juror", "criterion")
    if may_see_scores(user, entry):
        return rows
    return rows.filter(juror=user)


@dataclass
class EstablishmentPanel:
    entries: list = field(default_factory=list)
    certificates: list = field(default_factory=list)


def for_establishment(user, establishment) -> EstablishmentPanel:
    entries = list(
        entry_list(user=user).filter(establishment=establishment).order_by("-round__year", "pk")
    )
    certificates = list(
        Certificate.objects.filter(establishment=establishment)
        .select_related("entry")
        .order_by("-issued_on")
    )
    return EstablishmentPanel(entries=entries, certificates=certificates)


def catalogue(*, level: str | None = None, group: str | None = None) -> QuerySet[Certificate]:
    """Certified products, for every signed-in user (and later the public portal)."""
    rows = Certificate.objects.select_related(
        "entry", "establishment", "province"
    ).prefetch_related("entry__photos")
    if level:
        rows = rows.filter(level=level)
    if group:
        rows = rows.filter(entry__group=group)
    return rows.order_by("-year", "level", "entry__product_name", "pk")


def certified_report(*, user) -> dict:
    """Establishments and products certified by level, year and province (SQL aggregates)."""
    rows = restrict(Certificate.objects.all(), user)
    by_level = {
        row["level"]: row
        for row in rows.values("level").annotate(
            products=Count("pk"), establishments=Count("establishment", distinct=True)
        )
    }
    table = list(
        rows.values("level", "year", "province__name")
        .annotate(products=Count("pk"), establishments=Count("establishment", distinct=True))
        .order_by("-year", "level", "province__name")
    )
    labels = dict(Level.choices)
    for row in table:
        row["level_label"] = labels.get(row["level"], row["level"])
    levels = [
        {
            "level": level,
            "label": label,
            "products": by_level.get(level, {}).get("products", 0),
            "establishments": by_level.get(level, {}).get("establishments", 0),
        }
        for level, label in Level.choices
    ]
    return {"levels": levels, "rows": table}


def product_path(entry: Entry) -> list[Entry]:
    """The entry's path through the levels: from its first round up to the highest."""
    chain = []
    seen = set()
    current = entry
    while current.previous_entry_id and current.previous_entry_id not in seen:
        seen.add(current.pk)
        current = Entry.objects.select_related("round", "certificate").get(
            pk=current.previous_entry_id
        )
    chain.append(current)
    while True:
        following = (
            Entry.objects.filter(previous_entry=chain[-1])
            .select_related("round")
            .order_by("pk")
            .first()
        )
        if following is None or following.pk in {e.pk for e in chain}:
            break
        chain.append(following)
    return chain


def may_score_entry(user, entry: Entry) -> bool:
    return entry.round.status == RoundStatus.SCORING and is_assigned(user, entry)
