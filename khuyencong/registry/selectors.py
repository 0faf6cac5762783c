"""Reads of the registry, always within the reader's scope (`restrict` / `get_in_scope`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import Action
from khuyencong.core.scope import get_in_scope, restrict
from khuyencong.core.text import fold
from khuyencong.geo.models import Commune, Province
from khuyencong.geo.selectors import find_units
from khuyencong.registry.models import (
    Artisan,
    Collaborator,
    CollaboratorTraining,
    CraftVillage,
    Establishment,
    EstablishmentRevenue,
)

ESTABLISHMENT_SORTS = {
    "name": "name_folded",
    "kind": "kind__order",
    "commune": "commune__name_folded",
    "province": "province__name_folded",
    "sector": "sector",
    "workers": "workers",
    "status": "status",
    "updated": "updated_at",
}
CRAFT_VILLAGE_SORTS = {
    "name": "name_folded",
    "trade": "trade",
    "commune": "commune__name_folded",
    "province": "province__name_folded",
    "year": "year_recognised",
    "households": "households",
    "workers": "workers",
    "establishments": "establishment_count",
}
ARTISAN_SORTS = {
    "name": "name_folded",
    "title": "title",
    "year": "year_awarded",
    "trade": "trade",
    "province": "province__name_folded",
}
COLLABORATOR_SORTS = {
    "name": "name_folded",
    "province": "province__name_folded",
    "communes": "commune_count",
    "active_from": "active_from",
    "active_to": "active_to",
}


def _sorted(rows: QuerySet, sort: str, sorts: dict[str, str], default: tuple[str, ...]):
    key = sorts.get(sort.lstrip("-"))
    if key:
        return rows.order_by(("-" if sort.startswith("-") else "") + key, "pk")
    return rows.order_by(*default, "pk")


def search_q(field: str, text: str) -> Q:
    """Every word of the text (diacritics and case ignored) occurs in the folded field."""
    condition = Q()
    for word in fold(text).split():
        condition &= Q(**{f"{field}__contains": word})
    return condition


# --- establishments ---------------------------------------------------------------------------


def establishment_list(*, user: User, sort: str = "") -> QuerySet[Establishment]:
    rows = restrict(Establishment.objects.all(), user).select_related(
        "kind", "commune", "province", "craft_village", "merged_into"
    )
    return _sorted(rows, sort, ESTABLISHMENT_SORTS, ("name_folded",))


def establishment_get(*, user: User, pk: int, action: str = Action.VIEW) -> Establishment:
    return get_in_scope(
        Establishment.objects.select_related(
            "kind",
            "commune",
            "province",
            "commune_then__district",
            "district_then",
            "province_then",
            "craft_village",
            "merged_into",
        ),
        user,
        action,
        pk=pk,
    )


def establishment_summary(rows: QuerySet[Establishment]) -> dict[str, Any]:
    """Counts of a (filtered) list in one query."""
    totals = rows.order_by().aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(status=Establishment.Status.ACTIVE)),
        women_owned=Count("pk", filter=Q(women_owned=True)),
        ethnic_minority=Count("pk", filter=Q(ethnic_minority=True)),
        workers=Sum("workers"),
        women_workers=Sum("women_workers"),
    )
    totals["workers"] = totals["workers"] or 0
    totals["women_workers"] = totals["women_workers"] or 0
    return totals


def establishment_revenues(establishment: Establishment) -> QuerySet[EstablishmentRevenue]:
    """The yearly revenues of an establishment the caller already read through `restrict`."""
    return establishment.revenues.order_by("-year")


def establishment_artisans(*, user: User, establishment: Establishment) -> QuerySet[Artisan]:
    return restrict(Artisan.objects.filter(establishment=establishment), user).order_by(
        "name_folded", "pk"
    )


def establishment_projects(*, user: User, establishment: Establishment) -> list[Any]:
    """The projects the establishment benefited from, as far as the reader may see them.

    Read through the reverse relation so that the registry does not depend on the projects app.
    """
    projects = establishment.projects.select_related("activity_content").order_by("-year", "code")
    return list(restrict(projects, user))


def establishment_merged_from(
    *, user: User, establishment: Establishment
) -> QuerySet[Establishment]:
    return restrict(Establishment.objects.filter(merged_into=establishment), user).order_by("pk")


def establishments_for_select(*, user: User, q: str = "", limit: int = 30) -> list[Establishment]:
    """Establishments not merged away, for a searchable select (name or tax code)."""
    rows = restrict(Establishment.objects.filter(merged_into__isnull=True), user)
    if q.strip():
        rows = rows.filter(search_q("name_folded", q) | Q(tax_code__startswith=q.strip()))
    return list(rows.select_related("province").order_by("name_folded", "pk")[:limit])


# --- craft villages ---------------------------------------------------------------------------


def craft_village_list(*, user: User, sort: str = "") -> QuerySet[CraftVillage]:
    rows = restrict(CraftVillage.objects.all(), user).select_related("commune", "province")
    rows = rows.annotate(
        establishment_count=Count(
            "establishments", filter=Q(establishments__merged_into__isnull=True)
        )
    )
    return _sorted(rows, sort, CRAFT_VILLAGE_SORTS, ("province__name_folded", "name_folded"))


def craft_village_get(*, user: User, pk: int, action: str = Action.VIEW) -> CraftVillage:
    return get_in_scope(
        CraftVillage.objects.select_related("commune", "province"), user, action, pk=pk
    )


def craft_village_establishments(
    *, user: User, craft_village: CraftVillage
) -> QuerySet[Establishment]:
    return (
        restrict(
            Establishment.objects.filter(craft_village=craft_village, merged_into__isnull=True),
            user,
        )
        .select_related("kind", "commune")
        .order_by("name_folded", "pk")
    )


def craft_village_artisans(*, user: User, craft_village: CraftVillage) -> QuerySet[Artisan]:
    return restrict(Artisan.objects.filter(craft_village=craft_village), user).order_by(
        "name_folded", "pk"
    )


def craft_villages_for_select(
    *, user: User, q: str = "", province_id: int | None = None, limit: int = 30
) -> list[CraftVillage]:
    rows = restrict(CraftVillage.objects.all(), user)
    if province_id:
        rows = rows.filter(province_id=province_id)
    if q.strip():
        rows = rows.filter(search_q("name_folded", q))
    return list(rows.select_related("province").order_by("name_folded", "pk")[:limit])


# --- artisans ---------------------------------------------------------------------------------


def artisan_list(*, user: User, sort: str = "") -> QuerySet[Artisan]:
    rows = restrict(Artisan.objects.all(), user).select_related(
        "establishment", "craft_village", "province"
    )
    return _sorted(rows, sort, ARTISAN_SORTS, ("name_folded",))


def artisan_get(*, user: User, pk: int, action: str = Action.VIEW) -> Artisan:
    return get_in_scope(
        Artisan.objects.select_related("establishment", "craft_village", "province"),
        user,
        action,
        pk=pk,
    )


# --- collaborators ----------------------------------------------------------------------------


def collaborator_list(*, user: User, sort: str = "") -> QuerySet[Collaborator]:
    rows = restrict(Collaborator.objects.all(), user).select_related("province", "organisation")
    rows = rows.annotate(commune_count=Count("communes", distinct=True))
    return _sorted(rows, sort, COLLABORATOR_SORTS, ("province__name_folded", "name_folded"))


def collaborator_get(*, user: User, pk: int, action: str = Action.VIEW) -> Collaborator:
    return get_in_scope(
        Collaborator.objects.select_related("province", "organisation", "user"),
        user,
        action,
        pk=pk,
    )


def collaborator_communes(collaborator: Collaborator) -> QuerySet[Commune]:
    return collaborator.communes.order_by("name_folded", "code")


def collaborator_trainings(collaborator: Collaborator) -> QuerySet[CollaboratorTraining]:
    return collaborator.trainings.order_by("-date", "pk")


@dataclass
class CommuneCoverage:
    commune: Commune
    collaborators: list[Collaborator] = field(default_factory=list)


@dataclass
class Coverage:
    province: Province
    rows: list[CommuneCoverage]
    collaborators: int

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def covered(self) -> int:
        return sum(1 for row in self.rows if row.collaborators)

    @property
    def uncovered(self) -> int:
        return self.total - self.covered

    @property
    def share(self) -> float:
        return 100 * self.covered / self.total if self.total else 0.0


def _active_collaborators(user: User) -> QuerySet[Collaborator]:
    return restrict(Collaborator.objects.all(), user).active_on(timezone.localdate())


def coverage_of_province(*, user: User, province: Province) -> Coverage:
    """Every commune of the province today with the active collaborators covering it (two
    queries, whatever the number of communes)."""
    communes = Commune.objects.current().filter(province=province).order_by("name_folded", "code")
    active = _active_collaborators(user).filter(province=province)
    links = (
        Collaborator.communes.through.objects.filter(
            collaborator__in=active, commune__province=province
        )
        .select_related("collaborator")
        .order_by("collaborator__name_folded", "collaborator_id")
    )
    by_commune: dict[int, list[Collaborator]] = defaultdict(list)
    people = set()
    for link in links:
        by_commune[link.commune_id].append(link.collaborator)
        people.add(link.collaborator_id)
    rows = [CommuneCoverage(c, by_commune.get(c.pk, [])) for c in communes]
    return Coverage(province=province, rows=rows, collaborators=len(people))


def coverage_by_province(*, user: User) -> list[dict[str, Any]]:
    """For each province today: communes, communes with an active collaborator, the share."""
    covered = Exists(
        Collaborator.communes.through.objects.filter(
            commune=OuterRef("pk"), collaborator__in=_active_collaborators(user)
        )
    )
    rows = (
        Commune.objects.current()
        .values("province_id", "province__name")
        .annotate(total=Count("pk"), covered=Count("pk", filter=covered))
        .order_by("province__name_folded")
    )
    return [
        {
            "province_id": row["province_id"],
            "name": row["province__name"],
            "total": row["total"],
            "covered": row["covered"],
            "share": 100 * row["covered"] / row["total"] if row["total"] else 0.0,
        }
        for row in rows
    ]


# --- units as recorded before the reform ------------------------------------------------------


def old_units_for_select(*, level: str, q: str, limit: int = 30) -> list:
    """Districts or communes of before 1/7/2025 whose name matches (diacritics optional;
    "Tiên Lãng, Hải Phòng" narrows by the containing units)."""
    if level not in ("province", "district", "commune") or not q.strip():
        return []
    return find_units(q, level=level, era="before_reform", limit=limit)  # type: ignore[arg-type]
