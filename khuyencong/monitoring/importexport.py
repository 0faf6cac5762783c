"""Exports of inspections, follow-up actions and surveys through the shared import/export
framework (`core.importexport`): the rows of the list page as filtered, within the user's scope,
as .xlsx or .csv. They are export-only: these records are written through their pages and API."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.models import User
from khuyencong.core.importexport.columns import (
    ChoiceColumn,
    Column,
    DateColumn,
    IntegerColumn,
    TextColumn,
)
from khuyencong.core.importexport.spec import ImportSpec
from khuyencong.monitoring.filters import FollowUpFilter, InspectionFilter, SurveyFilter
from khuyencong.monitoring.models import (
    EquipmentUse,
    FollowUp,
    FollowUpStatus,
    Inspection,
    InspectionStatus,
    Severity,
    Survey,
    SurveyStatus,
)


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _attr(path: str):
    """Read `a.b.c` from a row, '' when a link on the way is empty."""

    def read(obj: Any) -> Any:
        for part in path.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                return ""
        return obj

    return read


class ExportOnlySpec(ImportSpec):
    def may_import(self, user: Any) -> bool:
        return False

    def instructions(self) -> list[list[str]]:
        rows = [[_("Column"), _("What it holds")]]
        rows += [[str(c.header), str(c.help)] for c in self.all_columns()]
        return rows


class InspectionSpec(ExportOnlySpec):
    slug = "inspections"
    model = Inspection
    title = gettext_lazy("Inspections")
    list_url_name = "monitoring:inspection_list"
    filterset_class = InspectionFilter
    columns = [
        TextColumn("province", gettext_lazy("Province"), source=_attr("province.name")),
        TextColumn("plan", gettext_lazy("Inspection plan"), source=_attr("plan.title")),
        TextColumn("project_code", gettext_lazy("Project code"), source=_attr("project.code")),
        TextColumn("project", gettext_lazy("Project title"), source=_attr("project.title")),
        TextColumn(
            "establishment", gettext_lazy("Establishment"), source=_attr("establishment.name")
        ),
        TextColumn("tax_code", gettext_lazy("Tax code"), source=_attr("establishment.tax_code")),
        ChoiceColumn("status", gettext_lazy("Status"), choices=InspectionStatus.choices),
        DateColumn("planned_date", gettext_lazy("Planned date")),
        DateColumn("actual_date", gettext_lazy("Date of the visit")),
        TextColumn("team_members", gettext_lazy("Team members")),
        TextColumn(
            "team_users",
            gettext_lazy("Team members with an account"),
            source=lambda i: "; ".join(_name(u) for u in i.team_users.all()),
        ),
        Column("latitude", gettext_lazy("Latitude")),
        Column("longitude", gettext_lazy("Longitude")),
        IntegerColumn("finding_count", gettext_lazy("Findings")),
        IntegerColumn("high_findings", gettext_lazy("High-severity findings")),
        IntegerColumn("open_follow_ups", gettext_lazy("Open follow-up actions")),
        TextColumn("summary", gettext_lazy("Conclusion")),
    ]

    def base_queryset(self) -> QuerySet:
        return (
            Inspection.objects.select_related("province", "plan", "project", "establishment")
            .prefetch_related("team_users")
            .annotate(
                finding_count=Count("findings", distinct=True),
                high_findings=Count(
                    "findings", filter=Q(findings__severity=Severity.HIGH), distinct=True
                ),
                open_follow_ups=Count(
                    "follow_ups",
                    filter=Q(follow_ups__status=FollowUpStatus.OPEN),
                    distinct=True,
                ),
            )
        )


class FollowUpSpec(ExportOnlySpec):
    slug = "follow-ups"
    model = FollowUp
    title = gettext_lazy("Follow-up actions")
    list_url_name = "monitoring:follow_up_list"
    filterset_class = FollowUpFilter
    columns = [
        IntegerColumn("inspection_id", gettext_lazy("Inspection (system ID)")),
        TextColumn("province", gettext_lazy("Province"), source=_attr("inspection.province.name")),
        TextColumn(
            "subject",
            gettext_lazy("Subject inspected"),
            source=lambda f: f.inspection.subject_label,
        ),
        DateColumn(
            "inspected_on", gettext_lazy("Inspected on"), source=lambda f: f.inspection.date
        ),
        ChoiceColumn(
            "severity",
            gettext_lazy("Severity of the finding"),
            choices=Severity.choices,
            source=_attr("finding.severity"),
        ),
        TextColumn("finding", gettext_lazy("Finding"), source=_attr("finding.text")),
        TextColumn("action", gettext_lazy("Action required")),
        TextColumn("owner", gettext_lazy("Owner"), source=lambda f: f.owner_label),
        DateColumn("deadline", gettext_lazy("Deadline")),
        ChoiceColumn("status", gettext_lazy("Status"), choices=FollowUpStatus.choices),
        TextColumn(
            "overdue",
            gettext_lazy("Overdue"),
            source=lambda f: _("Yes") if f.is_overdue_on(timezone.localdate()) else _("No"),
        ),
        DateColumn("done_on", gettext_lazy("Done on")),
        DateColumn("closed_on", gettext_lazy("Closed on")),
        TextColumn("closing_note", gettext_lazy("Closing note")),
    ]

    def base_queryset(self) -> QuerySet:
        return FollowUp.objects.select_related(
            "inspection",
            "inspection__province",
            "inspection__project",
            "inspection__establishment",
            "finding",
            "owner_user",
        )


def _recorded_at(survey: Survey) -> str:
    if survey.recorded_at is None:
        return ""
    return timezone.localtime(survey.recorded_at).strftime("%d/%m/%Y %H:%M")


class SurveySpec(ExportOnlySpec):
    slug = "surveys"
    model = Survey
    title = gettext_lazy("After-support surveys")
    list_url_name = "monitoring:survey_list"
    filterset_class = SurveyFilter
    columns = [
        TextColumn("province", gettext_lazy("Province"), source=_attr("province.name")),
        TextColumn(
            "establishment", gettext_lazy("Establishment"), source=_attr("establishment.name")
        ),
        TextColumn("tax_code", gettext_lazy("Tax code"), source=_attr("establishment.tax_code")),
        TextColumn(
            "commune", gettext_lazy("Commune"), source=_attr("establishment.commune.full_name")
        ),
        TextColumn("project_code", gettext_lazy("Project code"), source=_attr("project.code")),
        TextColumn("project", gettext_lazy("Project title"), source=_attr("project.title")),
        IntegerColumn("months_after", gettext_lazy("Months after acceptance")),
        DateColumn("due_date", gettext_lazy("Due date")),
        ChoiceColumn("status", gettext_lazy("Status"), choices=SurveyStatus.choices),
        DateColumn("surveyed_on", gettext_lazy("Surveyed on")),
        ChoiceColumn(
            "equipment_in_use", gettext_lazy("Equipment in use"), choices=EquipmentUse.choices
        ),
        IntegerColumn("workers", gettext_lazy("Workers")),
        IntegerColumn("women_workers", gettext_lazy("Women workers")),
        IntegerColumn("revenue_vnd", gettext_lazy("Revenue over the last 12 months (VND)")),
        Column("cost_change_percent", gettext_lazy("Change in production cost (%)")),
        TextColumn("note", gettext_lazy("Note")),
        TextColumn(
            "recorded_by", gettext_lazy("Recorded by"), source=lambda s: _name(s.recorded_by)
        ),
        TextColumn("recorded_at", gettext_lazy("Recorded at"), source=_recorded_at),
    ]

    def base_queryset(self) -> QuerySet:
        return Survey.objects.select_related(
            "province", "establishment", "establishment__commune", "project", "recorded_by"
        )


SPECS = [InspectionSpec, FollowUpSpec, SurveySpec]
