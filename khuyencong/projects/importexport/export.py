"""The projects an export reads: of each project and its related rows only the fields the
columns show."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from khuyencong.core.importexport.columns import Column
from khuyencong.geo.models import Commune, District, Province
from khuyencong.projects.models import BudgetLine, Project
from khuyencong.registry.models import Establishment


def export_queryset(*, static: list[Column], records: list[Column]) -> QuerySet:
    """The projects of an export, loading of them and of their related rows only the fields
    the columns show: rows with deferred fields take no change-log snapshot when loaded (see
    TrackedModel.from_db), which an export, never saved, does not need."""
    return (
        Project.objects.select_related("province", "province_then", "activity_content")
        .only(
            *(c.name for c in (*static, *records) if c.source is None),
            "activity_content__code",
            "activity_content__name",
            "province__name",
            "province_then__name",
        )
        .prefetch_related(
            Prefetch(
                "establishments",
                queryset=Establishment.objects.only("id", "tax_code", "name"),
            ),
            Prefetch("communes", queryset=Commune.objects.only("id", "kind", "name")),
            Prefetch(
                "districts_then",
                queryset=District.objects.only("id", "kind", "name", "province_id"),
            ),
            Prefetch("districts_then__province", queryset=Province.objects.only("id", "name")),
            Prefetch(
                "communes_then",
                queryset=Commune.objects.select_related("district", "province").only(
                    "id",
                    "kind",
                    "name",
                    "district_id",
                    "province_id",
                    "district__kind",
                    "district__name",
                    "province__name",
                ),
            ),
            Prefetch(
                "budget_lines",
                queryset=BudgetLine.objects.only(
                    "id",
                    "project_id",
                    "source_id",
                    "proposed_vnd",
                    "approved_vnd",
                    "revised_vnd",
                ),
            ),
        )
    )
