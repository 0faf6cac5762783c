"""Reads of the monitoring module, all within the reader's scope."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import Action
from khuyencong.core.scope import get_in_scope, restrict
from khuyencong.core.selectors import count_of
from khuyencong.monitoring import services
from khuyencong.monitoring.models import (
    Finding,
    FollowUp,
    FollowUpStatus,
    Inspection,
    InspectionPhoto,
    InspectionPlan,
    InspectionStatus,
    Survey,
    SurveyStatus,
)
from khuyencong.projects.models import Project, Status
from khuyencong.registry.models import Establishment
from khuyencong.registry.selectors import search_q

DUE_WITHIN_DAYS = 30


# --- inspection plans ------------------------------------------------------------------------


def plan_list(*, user: User) -> QuerySet[InspectionPlan]:
    return (
        restrict(InspectionPlan.objects.all(), user)
        .select_related("province")
        .annotate(
            inspection_count=Count("inspections", distinct=True),
            done_count=Count(
                "inspections",
                filter=Q(inspections__status=InspectionStatus.DONE),
                distinct=True,
            ),
        )
        .order_by("-year", "province__name_folded", "pk")
    )


def plan_get(*, user: User, pk: int, action: str = Action.VIEW) -> InspectionPlan:
    return get_in_scope(InspectionPlan.objects.select_related("province"), user, action, pk=pk)


@dataclass
class Coverage:
    """The share of a province's projects of a year inspected at least once that year."""

    year: int
    total: int
    inspected: int
    not_inspected: list[Project] = field(default_factory=list)

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        share = Decimal(self.inspected * 100) / Decimal(self.total)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def bar_width(self) -> str:
        """The percentage for a CSS width (a dot, whatever the language)."""
        return "0" if self.percent is None else str(self.percent)

    @property
    def more_not_inspected(self) -> int:
        """Projects not inspected beyond those listed."""
        return self.total - self.inspected - len(self.not_inspected)


def coverage(*, user: User, province_id: int, year: int, missing: int = 10) -> Coverage:
    """The province's projects of `year` (approved, not cancelled) within the user's scope, and
    how many of them had an inspection done (visit dated) in that year. Two queries, in SQL."""
    projects = restrict(
        Project.objects.filter(province_id=province_id, year=year, approved_on__isnull=False),
        user,
    ).exclude(status=Status.CANCELLED)
    visited = Inspection.objects.filter(
        project=OuterRef("pk"), status=InspectionStatus.DONE, actual_date__year=year
    )
    planned = Inspection.objects.filter(
        project=OuterRef("pk"), status=InspectionStatus.PLANNED, planned_date__year=year
    )
    rows = projects.annotate(was_inspected=Exists(visited), is_planned=Exists(planned))
    counts = rows.aggregate(total=Count("pk"), inspected=Count("pk", filter=Q(was_inspected=True)))
    not_inspected = list(rows.filter(was_inspected=False).order_by("code")[:missing])
    return Coverage(
        year=year,
        total=counts["total"] or 0,
        inspected=counts["inspected"] or 0,
        not_inspected=not_inspected,
    )


def calendar(inspections: list[Inspection], year: int) -> list[dict]:
    """Twelve months of the year, each with its inspections (by the day of the visit)."""
    by_month: dict[int, list[Inspection]] = defaultdict(list)
    for inspection in inspections:
        day = inspection.date
        if day is not None and day.year == year:
            by_month[day.month].append(inspection)
    return [
        {
            "month": month,
            "first_day": datetime.date(year, month, 1),
            "inspections": sorted(by_month[month], key=lambda i: (i.date, i.pk)),
        }
        for month in range(1, 13)
    ]


def plan_page(*, user: User, plan: InspectionPlan) -> dict:
    inspections = list(
        restrict(plan.inspections.all(), user)
        .select_related("project", "establishment")
        .order_by("planned_date", "pk")
    )
    outside_year = [i for i in inspections if i.date.year != plan.year]
    return {
        "inspections": inspections,
        "calendar": calendar(inspections, plan.year),
        "outside_year": outside_year,
        "coverage": coverage(user=user, province_id=plan.province_id, year=plan.year),
        "can_edit": services.may_edit_plan(user, plan),
    }


# --- inspections -----------------------------------------------------------------------------


def inspection_list(*, user: User) -> QuerySet[Inspection]:
    return (
        restrict(Inspection.objects.all(), user)
        .select_related("province", "plan", "project", "establishment")
        .annotate(
            # Correlated subqueries rather than Count over joins: evaluated for the page's rows
            # only, with no GROUP BY over every inspection and no joins in the count query.
            finding_count=count_of(Finding.objects.all(), "inspection"),
            open_follow_ups=count_of(
                FollowUp.objects.filter(status=FollowUpStatus.OPEN), "inspection"
            ),
        )
        .order_by("-planned_date", "-pk")
    )


# The columns the inspection list (page and API) shows: the rows are read, never saved, so they are
# loaded without the rest (and without the change-log snapshot of fully loaded rows).
INSPECTION_LIST_COLUMNS = (
    "planned_date",
    "actual_date",
    "status",
    "version",
    "plan__year",
    "province__name",
    "project__code",
    "project__title",
    "establishment__name",
)


def inspection_rows(*, user: User) -> QuerySet[Inspection]:
    """The inspection list's rows (page and API): its columns only, for reading."""
    return inspection_list(user=user).only(*INSPECTION_LIST_COLUMNS)


def inspection_get(*, user: User, pk: int, action: str = Action.VIEW) -> Inspection:
    rows = Inspection.objects.select_related(
        "province", "plan", "project", "project__activity_content", "establishment"
    )
    return get_in_scope(rows, user, action, pk=pk)


def inspection_page(*, user: User, inspection: Inspection) -> dict:
    """Everything the detail page shows, in a fixed number of queries."""
    follow_ups = list(
        inspection.follow_ups.select_related("owner_user", "finding").order_by("deadline", "pk")
    )
    today = timezone.localdate()
    may_record = services.may_record(user, inspection)
    may_add = may_record and inspection.status == InspectionStatus.DONE
    return {
        "team_users": list(inspection.team_users.all()),
        "answers": list(inspection.answers.order_by("order", "pk")),
        "checklist": services.checklist_for(inspection)
        if inspection.status == InspectionStatus.PLANNED
        else [],
        "findings": list(inspection.findings.order_by("pk")),
        "photos": list(inspection.photos.select_related("uploaded_by")),
        "follow_ups": [{"row": f, "overdue": f.is_overdue_on(today)} for f in follow_ups],
        "gps_warning": services.gps_warning(inspection),
        "can_record": may_record,
        "can_add": may_add,
        "can_cancel": may_record and inspection.status == InspectionStatus.PLANNED,
    }


def finding_get(*, user: User, pk: int) -> Finding:
    return get_in_scope(Finding.objects.select_related("inspection"), user, pk=pk)


def photo_get(*, user: User, pk: int) -> InspectionPhoto:
    return get_in_scope(InspectionPhoto.objects.select_related("inspection"), user, pk=pk)


# --- follow-ups ------------------------------------------------------------------------------


def follow_up_list(*, user: User) -> QuerySet[FollowUp]:
    return (
        restrict(FollowUp.objects.all(), user)
        .select_related(
            "inspection",
            "inspection__province",
            "inspection__project",
            "inspection__establishment",
            "owner_user",
        )
        .order_by("deadline", "pk")
    )


# The columns of the follow-up list (API): read, never saved.
FOLLOW_UP_LIST_COLUMNS = (
    "inspection",
    "finding",
    "action",
    "owner_name",
    "deadline",
    "status",
    "done_on",
    "closed_on",
    "version",
    "inspection__province__name",
    "inspection__project__code",
    "inspection__project__title",
    "inspection__establishment__name",
    "owner_user__username",
    "owner_user__first_name",
    "owner_user__last_name",
)


def follow_up_rows(*, user: User) -> QuerySet[FollowUp]:
    """The follow-up list's rows (API): what it shows, for reading."""
    return (
        restrict(FollowUp.objects.all(), user)
        .select_related(
            "inspection__province",
            "inspection__project",
            "inspection__establishment",
            "owner_user",
        )
        .only(*FOLLOW_UP_LIST_COLUMNS)
        .order_by("deadline", "pk")
    )


def follow_up_get(*, user: User, pk: int, action: str = Action.VIEW) -> FollowUp:
    rows = FollowUp.objects.select_related(
        "inspection",
        "inspection__province",
        "inspection__project",
        "inspection__establishment",
        "owner_user",
        "finding",
    )
    return get_in_scope(rows, user, action, pk=pk)


def follow_up_summary(rows: QuerySet[FollowUp], today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    return rows.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=FollowUpStatus.OPEN)),
        overdue=Count("pk", filter=Q(status=FollowUpStatus.OPEN, deadline__lt=today)),
    )


# --- surveys ---------------------------------------------------------------------------------


def survey_list(*, user: User) -> QuerySet[Survey]:
    return (
        restrict(Survey.objects.all(), user)
        .select_related("establishment", "establishment__commune", "project", "province")
        .order_by("due_date", "pk")
    )


def surveys_due(
    *, user: User, today: datetime.date | None = None, within_days: int = DUE_WITHIN_DAYS
) -> QuerySet[Survey]:
    """Surveys still to do that are overdue or due within `within_days` of `today`, of
    projects that were not cancelled since."""
    today = today or timezone.localdate()
    return (
        survey_list(user=user)
        .filter(status=SurveyStatus.DUE, due_date__lte=today + datetime.timedelta(within_days))
        .exclude(project__status=Status.CANCELLED)
    )


def survey_get(*, user: User, pk: int, action: str = Action.VIEW) -> Survey:
    rows = Survey.objects.select_related(
        "establishment", "establishment__commune", "project", "province", "recorded_by"
    )
    return get_in_scope(rows, user, action, pk=pk)


# --- for other modules -----------------------------------------------------------------------


def for_project(user: User, project: Project) -> dict:
    """What monitoring knows of a project, within the user's scope, for its detail page:
    its inspections (with counts of findings and open follow-ups), its open follow-ups and the
    surveys of its beneficiaries. A fixed number of queries."""
    today = timezone.localdate()
    inspections = list(inspection_list(user=user).filter(project=project))
    follow_ups = list(
        follow_up_list(user=user).filter(inspection__project=project, status=FollowUpStatus.OPEN)
    )
    surveys = list(
        survey_list(user=user)
        .filter(project=project)
        .order_by("due_date", "establishment__name_folded", "pk")
    )
    return {
        "inspections": inspections,
        "open_follow_ups": follow_ups,
        "overdue_follow_ups": [f for f in follow_ups if f.is_overdue_on(today)],
        "surveys": surveys,
    }


# --- searchable selects ----------------------------------------------------------------------


def projects_for_select(*, user: User, q: str = "", limit: int = 30) -> list[Project]:
    """Projects that can be inspected or surveyed: approved, not cancelled, in scope."""
    rows = restrict(Project.objects.filter(approved_on__isnull=False), user).exclude(
        status=Status.CANCELLED
    )
    if q.strip():
        rows = rows.filter(search_q("search_key", q))
    return list(rows.select_related("province").order_by("-year", "code", "pk")[:limit])


def establishments_for_select(
    *, user: User, q: str = "", project_id: int | None = None, limit: int = 30
) -> list[Establishment]:
    """Establishments that received support (beneficiaries of an approved project that is not
    cancelled), in scope; of one project when `project_id` is given."""
    supporting = Project.objects.filter(
        establishments=OuterRef("pk"), approved_on__isnull=False
    ).exclude(status=Status.CANCELLED)
    if project_id is not None:
        supporting = supporting.filter(pk=project_id)
    rows = restrict(Establishment.objects.filter(merged_into__isnull=True), user).filter(
        Exists(supporting)
    )
    if q.strip():
        rows = rows.filter(search_q("name_folded", q) | Q(tax_code__startswith=q.strip()))
    return list(rows.select_related("province", "commune").order_by("name_folded", "pk")[:limit])
