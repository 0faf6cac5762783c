"""What weakens the reports, within the user's scope: each problem a count and the first rows,
with links to fix them. Every list is one SQL query (plus its count)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from khuyencong.core.scope import restrict
from khuyencong.projects.models import BudgetLine, Project, Status
from khuyencong.reports.queries import ACCEPTED

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


def problems(user) -> list[Problem]:
    found = []

    def add(key, title, explanation, rows, detail):
        problem = Problem(key=key, title=title, explanation=explanation, count=rows.count())
        problem.rows = [(getattr(r, "project", r), detail(r)) for r in rows[:SHOWN]]
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
    return found
