"""The projects an export reads: of each project and its related rows only the values the
columns show, read as plain values (no model instance per project or related row).

`read_projects` reads the projects of an export's queryset (scope, filters and ordering applied
as to any other) as `ExportedProject` rows: one query for the projects, then one query per
relation (beneficiaries, places, budget amounts) for the whole export, whatever its size, each
restricted to the exported projects by a subquery. Activity contents and provinces, shared by
many projects, are loaded once each. The column functions in `columns.py` read an
`ExportedProject` as they read a `Project`, so that the cells are the same.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from khuyencong.geo.models import Commune, District, Province
from khuyencong.policy.models import ActivityContent
from khuyencong.projects.importexport.columns import (
    COMMUNE_PREFIXES,
    DISTRICT_PREFIXES,
    prefixed_name,
)
from khuyencong.projects.models import BudgetLine, Project
from khuyencong.registry.models import Establishment


class ExportedProject:
    """One project of an export, read-only: its own values as attributes (`pk`, `code`, …),
    its activity content and provinces (shared instances), and as text or amounts what its
    related rows are written as: `beneficiaries`, `places`, `amounts` (source id → current
    amount, as `BudgetLine.current_vnd`)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


def _ordering(prefix: str, model: type) -> list[str]:
    """The model's default ordering, followed from a related row (the order a prefetch of
    the relation had), with the primary key last so that ties are stable."""
    fields = []
    for name in [*model._meta.ordering, "pk"]:
        descending = name.startswith("-")
        fields.append(f"{'-' if descending else ''}{prefix}__{name.lstrip('-')}")
    return fields


def _beneficiaries(projects: QuerySet) -> dict[int, list[str]]:
    through = Project.establishments.through
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        through.objects.filter(project__in=projects)
        .order_by(*_ordering("establishment", Establishment))
        .values_list("project_id", "establishment__tax_code", "establishment__name")
    )
    for project_id, tax_code, name in rows:
        found[project_id].append(tax_code or name)
    return found


def _places(projects: QuerySet) -> dict[int, list[str]]:
    """Today's communes, then the districts and the communes of the time, as `_places_of`."""
    found: dict[int, list[str]] = defaultdict(list)
    communes = (
        Project.communes.through.objects.filter(project__in=projects)
        .order_by(*_ordering("commune", Commune))
        .values_list("project_id", "commune__kind", "commune__name")
    )
    for project_id, kind, name in communes:
        found[project_id].append(prefixed_name(COMMUNE_PREFIXES, kind, name))
    districts = (
        Project.districts_then.through.objects.filter(project__in=projects)
        .order_by(*_ordering("district", District))
        .values_list("project_id", "district__kind", "district__name", "district__province__name")
    )
    for project_id, kind, name, province in districts:
        found[project_id].append(f"{prefixed_name(DISTRICT_PREFIXES, kind, name)}, {province}")
    communes_then = (
        Project.communes_then.through.objects.filter(project__in=projects)
        .order_by(*_ordering("commune", Commune))
        .values_list(
            "project_id",
            "commune__kind",
            "commune__name",
            "commune__district_id",
            "commune__district__kind",
            "commune__district__name",
            "commune__province__name",
        )
    )
    for project_id, kind, name, district_id, district_kind, district, province in communes_then:
        parts = [prefixed_name(COMMUNE_PREFIXES, kind, name)]
        if district_id:
            parts.append(prefixed_name(DISTRICT_PREFIXES, district_kind, district))
        parts.append(province)
        found[project_id].append(", ".join(parts))
    return found


def _amounts(projects: QuerySet) -> dict[int, dict[int, int | None]]:
    found: dict[int, dict[int, int | None]] = defaultdict(dict)
    rows = (
        BudgetLine.objects.filter(project__in=projects)
        .order_by()
        .values_list(
            "project_id",
            "source_id",
            # BudgetLine.current_vnd: revised, else approved, else proposed.
            Coalesce("revised_vnd", "approved_vnd", "proposed_vnd"),
        )
    )
    for project_id, source_id, amount in rows:
        found[project_id][source_id] = amount
    return found


def read_projects(queryset: QuerySet, fields: tuple[str, ...]) -> list[ExportedProject]:
    """The projects of `queryset`, in its order, as `ExportedProject` rows with `fields`."""
    names = ["pk", *fields, "activity_content_id", "province_id", "province_then_id"]
    values = list(queryset.values_list(*names))
    if not values:
        return []
    projects = queryset.values("pk")  # the related rows' filter: `project__in=projects`
    contents = ActivityContent.objects.only("id", "code", "name").in_bulk(
        {row[-3] for row in values} - {None}
    )
    provinces = Province.objects.only("id", "name").in_bulk(
        ({row[-2] for row in values} | {row[-1] for row in values}) - {None}
    )
    beneficiaries = _beneficiaries(projects)
    places = _places(projects)
    amounts = _amounts(projects)
    empty: dict[int, int | None] = {}
    found = []
    for row in values:
        project = dict(zip(names, row, strict=True))
        pk = project["pk"]
        content_id = project.pop("activity_content_id")
        province_id = project.pop("province_id")
        then_id = project.pop("province_then_id")
        project["activity_content"] = contents.get(content_id)
        project["province"] = provinces.get(province_id)
        project["province_then"] = provinces.get(then_id)
        project["beneficiaries"] = "; ".join(beneficiaries.get(pk, ()))
        project["places"] = "; ".join(places.get(pk, ()))
        project["amounts"] = amounts.get(pk, empty)
        found.append(ExportedProject(project))
    return found
