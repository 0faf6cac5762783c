"""What weakens the reports, within the user's scope: each problem a count and the first rows,
with links to fix them. Every list is one SQL query (plus its count)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from khuyencong.core.formatting import vnd
from khuyencong.core.scope import restrict
from khuyencong.plans.models import Plan, PlanItem, PlanStatus, PlanVersion
from khuyencong.projects.models import BudgetLine, Project, Status
from khuyencong.reports.queries import ACCEPTED, IMPLEMENTED

SHOWN = 50


@dataclass
class Problem:
    key: str
    title: str
    explanation: str
    count: int = 0
    rows: list = field(default_factory=list)  # (project, detail)


def _projects(user) -> QuerySet[Project]:
    return restrict(Project.objects.all(), user).select_related("province")


def accepted_without_actuals(user) -> QuerySet[Project]:
    return (
        _projects(user)
        .filter(status__in=ACCEPTED)
        .exclude(outputs__actual__isnull=False)
        .order_by("-year", "code")
    )


def zero_budget_lines(user) -> QuerySet[BudgetLine]:
    return (
        restrict(BudgetLine.objects.all(), user)
        .alias(amount=Coalesce("revised_vnd", "approved_vnd", "proposed_vnd"))
        .filter(amount=0)
        .select_related("project", "source")
        .order_by("-project__year", "project__code")
    )


def settled_without_number(user) -> QuerySet[Project]:
    return (
        _projects(user)
        .filter(
            Q(status=Status.SETTLED)
            | Q(status=Status.CLOSED, budget_lines__settled_vnd__isnull=False)
        )
        .filter(settlement_number="")
        .distinct()
        .order_by("-year", "code")
    )


def historical_unmapped(user) -> QuerySet[Project]:
    """Historical projects with no today's commune: they are placed on today's map by their
    province only (or not at all when their old province has no successor recorded)."""
    return (
        _projects(user)
        .filter(is_historical=True, communes__isnull=True)
        .select_related("province_then__succession__new")
        .order_by("-year", "code")
    )


def _unmapped_detail(project: Project) -> str:
    old = project.province_then
    if old is None:
        return _("No place recorded then")
    if old.valid_to is None:
        return old.name
    succession = getattr(old, "succession", None)
    if succession is None:
        return _("%(old)s: no successor province recorded") % {"old": old.name}
    return f"{old.name} → {succession.new.name}"


def legal_basis_mismatch(user) -> QuerySet[Project]:
    """Projects approved on a day their legal basis was not in force, or whose activity content
    belongs to another legal basis."""
    return (
        _projects(user)
        .filter(
            Q(approved_on__lt=F("legal_basis__effective_from"))
            | Q(approved_on__gt=F("legal_basis__effective_to"))
            | ~Q(activity_content__legal_basis=F("legal_basis"))
        )
        .select_related("legal_basis")
        .order_by("-year", "code")
    )


# A plan whose decision is taken: its projects are fixed until an amendment is approved.
APPROVED_PLAN_STATES = (PlanStatus.APPROVED, PlanStatus.AMENDING)


def _selected_in_a_plan_of_its_own() -> Exists:
    """The outer project is kept in a plan of its province and programme, of its year or (carried
    over) of a year since the one it was carried over from."""
    return Exists(
        PlanItem.objects.filter(
            project=OuterRef("pk"),
            is_selected=True,
            plan__province=OuterRef("province"),
            plan__kind=OuterRef("programme"),
            plan__year__lte=OuterRef("year"),
            plan__year__gte=Coalesce(OuterRef("carried_over_from"), OuterRef("year")),
        )
    )


def approved_outside_the_plan(user) -> QuerySet[Project]:
    """Projects approved (or further on) through the system, of a year whose plan of their
    province and programme is approved, but kept in no plan of theirs: the plan's decision does
    not cover them. Historical projects (imported old lists) have no plan in the system."""
    approved_plan = Plan.objects.filter(
        province=OuterRef("province"),
        kind=OuterRef("programme"),
        year=OuterRef("year"),
        status__in=APPROVED_PLAN_STATES,
    )
    return (
        _projects(user)
        .filter(is_historical=False, status__in=IMPLEMENTED)
        .filter(Exists(approved_plan))
        .exclude(_selected_in_a_plan_of_its_own())
        .order_by("-year", "code")
    )


def plan_total_mismatch(user) -> QuerySet[Plan]:
    """Approved plans whose approved total is not the total of their latest version (or either
    is missing): the approval and every amendment set both together."""
    latest = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number")
    return (
        restrict(Plan.objects.all(), user)
        .filter(status__in=APPROVED_PLAN_STATES)
        .annotate(
            latest_number=Subquery(latest.values("number")[:1]),
            latest_total=Subquery(latest.values("total_vnd")[:1]),
        )
        .filter(
            Q(approved_total_vnd__isnull=True)
            | Q(latest_total__isnull=True)
            | ~Q(approved_total_vnd=F("latest_total"))
        )
        .select_related("province")
        .order_by("-year", "province__name_folded", "kind")
    )


def _total_detail(plan: Plan) -> str:
    if plan.latest_number is None:
        return _("approved total %(plan)s; no version recorded") % {
            "plan": vnd(plan.approved_total_vnd) or "—"
        }
    return _("approved total %(plan)s; version %(number)d: %(version)s") % {
        "plan": vnd(plan.approved_total_vnd) or "—",
        "number": plan.latest_number,
        "version": vnd(plan.latest_total),
    }


def misplaced_plan_items(user) -> QuerySet[PlanItem]:
    """Projects kept in a plan of another province, programme or year than theirs (a carried-over
    project may stay in the plan of a year since the one it was carried over from)."""
    return (
        restrict(PlanItem.objects.all(), user)
        .filter(is_selected=True)
        .filter(
            ~Q(project__province=F("plan__province"))
            | ~Q(project__programme=F("plan__kind"))
            | ~Q(year=F("plan__year"))
            | Q(plan__year__gt=F("project__year"))
            | Q(plan__year__lt=Coalesce("project__carried_over_from", "project__year"))
        )
        .select_related("plan", "project__province")
        .order_by("-plan__year", "plan__province__name_folded", "plan__kind", "project__code")
    )


def _misplaced_detail(item: PlanItem) -> str:
    project, plan = item.project, item.plan
    reasons = []
    if project.province_id != plan.province_id:
        reasons.append(_("of %(province)s") % {"province": project.province.name})
    if project.programme != plan.kind:
        reasons.append(str(project.get_programme_display()))
    if not (project.carried_over_from or project.year) <= plan.year <= project.year:
        reasons.append(_("of %(year)d") % {"year": project.year})
    if item.year != plan.year:
        reasons.append(_("listed under %(year)d") % {"year": item.year})
    return _("%(code)s: %(reasons)s") % {"code": project.code, "reasons": ", ".join(reasons)}


def problems(user) -> list[Problem]:
    found = []

    def add(key, title, explanation, rows, detail, subject=lambda r: getattr(r, "project", r)):
        shown = list(rows[:SHOWN])
        # Counted only when the page is full: most checks find nothing, one query each then.
        count = len(shown) if len(shown) < SHOWN else rows.count()
        problem = Problem(key=key, title=title, explanation=explanation, count=count)
        problem.rows = [(subject(r), detail(r)) for r in shown]
        found.append(problem)

    add(
        "no_actuals",
        _("Accepted projects without actual outputs"),
        _("Their results are missing from the output tables."),
        accepted_without_actuals(user),
        lambda r: r.get_status_display(),
    )
    add(
        "zero_lines",
        _("Budget lines of 0 VND"),
        _("A funding source with no money: remove the line or enter its amount."),
        zero_budget_lines(user),
        lambda r: str(r.source),
    )
    add(
        "settled_no_number",
        _("Settled projects without a settlement decision number"),
        _("The settlement cannot be traced to its decision."),
        settled_without_number(user),
        lambda r: r.get_status_display(),
    )
    add(
        "unmapped",
        _("Historical projects not mapped to today's units"),
        _("No today's commune is recorded: they can only be grouped by their province."),
        historical_unmapped(user),
        _unmapped_detail,
    )
    add(
        "legal_basis",
        _("Projects whose legal basis does not match"),
        _(
            "Approved when the legal basis was not in force, or with an activity content of "
            "another legal basis."
        ),
        legal_basis_mismatch(user),
        lambda r: str(r.legal_basis),
    )
    add(
        "outside_plan",
        _("Approved projects outside their approved annual plan"),
        _(
            "Their year's plan of their province and programme is approved, but they are kept in "
            "no plan: the plan's decision does not cover them."
        ),
        approved_outside_the_plan(user),
        lambda r: r.get_status_display(),
    )
    add(
        "plan_total",
        _("Approved plans whose total differs from their latest version"),
        _("The approved total must be the total of the latest approved version."),
        plan_total_mismatch(user),
        _total_detail,
    )
    add(
        "plan_misplaced",
        _("Plans holding another province's, programme's or year's project"),
        _("A plan keeps only projects of its own province, programme and year."),
        misplaced_plan_items(user),
        _misplaced_detail,
        subject=lambda r: r.plan,
    )
    return found
