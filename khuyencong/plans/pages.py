"""Reads of plans shaped for their pages: the stepper, the projects with their money, the
rows of a new tranche, the comparison of two versions and the charts' data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from khuyencong.core.formatting import MILLION
from khuyencong.plans import services
from khuyencong.plans.forms import AllocationRow
from khuyencong.plans.models import AllocationLine, Plan, PlanItem, PlanStatus, PlanVersion
from khuyencong.plans.versions import compare
from khuyencong.plans.workflow import STEPS
from khuyencong.policy.models import FundingSource
from khuyencong.projects.models import BudgetLine, Project
from khuyencong.projects.selectors import CURRENT_AMOUNT


@dataclass
class Step:
    status: str
    label: str
    state: str  # done / current / todo


def stepper(plan: Plan) -> list[Step]:
    """The main line of the plan's life; an amendment in preparation follows the approval."""
    statuses = [str(s) for s in STEPS]
    amending = plan.status == PlanStatus.AMENDING
    reached = len(statuses) if amending else statuses.index(plan.status)
    steps = [
        Step(
            str(status),
            str(status.label),
            "done" if index < reached else "current" if index == reached else "todo",
        )
        for index, status in enumerate(STEPS)
    ]
    if amending:
        steps.append(Step(PlanStatus.AMENDING, str(PlanStatus.AMENDING.label), "current"))
    return steps


def with_money(items: list[PlanItem]) -> list[PlanItem]:
    """Each item's state support and counterpart (current amounts), in one aggregate query."""
    sums = {
        row["project"]: row
        for row in BudgetLine.objects.filter(project__in=[i.project_id for i in items])
        .values("project")
        .annotate(
            state=Sum(CURRENT_AMOUNT, filter=Q(source__is_state_budget=True)),
            counterpart=Sum(CURRENT_AMOUNT, filter=Q(source__code="counterpart")),
        )
        .order_by()
    }
    for item in items:
        row = sums.get(item.project_id, {})
        item.state_support_vnd = row.get("state") or 0
        item.counterpart_vnd = row.get("counterpart") or 0
    return items


def million(vnd: int | None) -> float:
    return float((Decimal(vnd or 0) / MILLION).quantize(Decimal("0.001")))


def charts(progress) -> dict:
    """The data of the two charts (projects by status, money by source), for json_script."""
    money = progress.money_by_source
    return {
        "status": [
            {"code": code, "name": label, "value": n} for code, label, n in progress.by_status
        ],
        "money": {
            "categories": [row.label for row in money],
            "series": [
                {"key": key, "name": str(name), "data": [million(getattr(r, key)) for r in money]}
                for key, name in (
                    ("approved_vnd", _("Approved")),
                    ("allocated_vnd", _("Allocated")),
                    ("disbursed_vnd", _("Disbursed")),
                    ("settled_vnd", _("Settled")),
                )
            ],
        },
        "labels": {
            "empty": _("No data yet."),
            "projects": _("Projects"),
            "unit": _("million VND"),
        },
    }


def allocation_rows(plan: Plan) -> list[AllocationRow]:
    """Every (project, state-budget source) the latest version approved, with what tranches gave
    it so far. The establishments' counterpart and other money is not allocated by the state."""
    approved = services.approved_amounts(plan)
    allocated = {
        (row["project"], row["source__code"]): row["total"]
        for row in AllocationLine.objects.filter(allocation__plan=plan)
        .values("project", "source__code")
        .annotate(total=Sum("amount_vnd"))
        .order_by()
    }
    projects = Project.objects.in_bulk({project for project, _code in approved})
    sources = {s.code: s for s in FundingSource.objects.filter(is_state_budget=True)}
    rows = [
        AllocationRow(
            project=projects[project],
            source=sources[code],
            approved_vnd=amount,
            allocated_vnd=allocated.get((project, code), 0),
        )
        for (project, code), amount in approved.items()
        if amount and project in projects and code in sources
    ]
    rows.sort(key=lambda r: (r.project.code, r.source.order, r.source.code))
    return rows


def source_order(codes) -> list[str]:
    order = {
        code: index
        for index, code in enumerate(
            FundingSource.objects.order_by("order", "code").values_list("code", flat=True)
        )
    }
    return sorted(set(codes), key=lambda code: (order.get(code, len(order)), code))


@dataclass
class ComparedRow:
    code: str
    title: str
    change: str
    cells: list[tuple[int | None, int | None, bool]]  # before, after, differs
    before_total: int
    after_total: int


def comparison(old: PlanVersion, new: PlanVersion) -> dict:
    names = {**old.data.get("sources", {}), **new.data.get("sources", {})}
    codes = source_order(names)
    rows = []
    for difference in compare(old, new):
        cells = []
        for code in codes:
            before, after = difference.before.get(code), difference.after.get(code)
            cells.append((before, after, (before or 0) != (after or 0)))
        rows.append(
            ComparedRow(
                code=difference.code,
                title=difference.title,
                change=difference.change,
                cells=cells,
                before_total=difference.before_total,
                after_total=difference.after_total,
            )
        )
    totals = [
        (
            sum(r.cells[index][0] or 0 for r in rows),
            sum(r.cells[index][1] or 0 for r in rows),
        )
        for index in range(len(codes))
    ]
    counts = dict.fromkeys(("added", "removed", "changed", "same"), 0)
    for row in rows:
        counts[row.change] += 1
    return {
        "sources": [names[code] for code in codes],
        "rows": rows,
        "totals": [(b, a, b != a) for b, a in totals],
        "before_total": sum(r.before_total for r in rows),
        "after_total": sum(r.after_total for r in rows),
        "counts": counts,
    }
