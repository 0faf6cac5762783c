"""Reads of programmes and plans, always within the reader's scope, and a plan's progress.

Progress is computed in SQL from the plan's projects: their status, the money the latest version
approved, the tranches allocated, what was disbursed and settled, and the outputs reported.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import Action
from khuyencong.core.scope import get_in_scope, restrict
from khuyencong.core.selectors import count_of
from khuyencong.plans import services
from khuyencong.plans.models import (
    AllocationLine,
    Plan,
    PlanItem,
    PlanVersion,
    Programme,
    ProgrammeTarget,
)
from khuyencong.plans.versions import snapshot
from khuyencong.plans.workflow import PLAN_WORKFLOW, STEPS
from khuyencong.policy.models import FundingSource
from khuyencong.projects.models import RUNNING_STATES, BudgetLine, MoneyMovement, ProjectOutput
from khuyencong.projects.models import Status as ProjectStatus
from khuyencong.projects.money import SIGNED_AMOUNT

ACCEPTED_STATES = frozenset({ProjectStatus.ACCEPTED, ProjectStatus.SETTLED, ProjectStatus.CLOSED})
WARNING_DAYS = 30


def plan_list(*, user: User) -> QuerySet[Plan]:
    """The plans in scope with the number of projects kept and of versions. The counts are
    correlated subqueries rather than Count over joins: evaluated for the page's rows only, with
    no GROUP BY over every plan and no joins in the list's count query."""
    return (
        restrict(Plan.objects.all(), user)
        .select_related("province", "programme")
        .annotate(
            project_count=count_of(PlanItem.objects.filter(is_selected=True), "plan"),
            version_count=count_of(PlanVersion.objects.all(), "plan"),
        )
        .order_by("-year", "province__name_folded", "kind")
    )


def plan_get(*, user: User, pk: int, action: str = Action.VIEW) -> Plan:
    return get_in_scope(Plan.objects.select_related("province", "programme"), user, action, pk=pk)


def programme_list(*, user: User) -> QuerySet[Programme]:
    """The national programmes and the provincial ones in the user's scope."""
    national = Programme.objects.filter(province__isnull=True)
    provincial = restrict(Programme.objects.filter(province__isnull=False), user)
    return (national | provincial).select_related("province").order_by("-start_year", "kind")


def programme_get(*, user: User, pk: int) -> Programme:
    programme = Programme.objects.select_related("province", "legal_basis").filter(pk=pk).first()
    if programme is not None and programme.province_id is None and user.is_authenticated:
        return programme
    return get_in_scope(Programme.objects.select_related("province", "legal_basis"), user, pk=pk)


def plan_items(plan: Plan) -> list[PlanItem]:
    return list(
        PlanItem.objects.filter(plan=plan)
        .select_related(
            "project__activity_content", "project__lead_unit", "proposed_by", "project__province"
        )
        .order_by("-is_selected", "project__code")
    )


def versions_of(plan: Plan) -> list[PlanVersion]:
    return list(PlanVersion.objects.filter(plan=plan).order_by("number"))


def version_get(*, user: User, plan: Plan, number: int) -> PlanVersion:
    return get_in_scope(PlanVersion.objects.filter(plan=plan), user, number=number)


# --- progress ---------------------------------------------------------------------------------


@dataclass
class MoneyProgress:
    label: str
    code: str = ""
    approved_vnd: int = 0
    allocated_vnd: int = 0
    disbursed_vnd: int = 0
    settled_vnd: int = 0

    @property
    def disbursement_rate(self) -> Decimal | None:
        if not self.approved_vnd:
            return None
        return (Decimal(self.disbursed_vnd) * 100 / Decimal(self.approved_vnd)).quantize(
            Decimal("0.1")
        )


@dataclass
class Progress:
    project_count: int = 0
    accepted_count: int = 0
    by_status: list[tuple[str, str, int]] = field(default_factory=list)
    money_by_source: list[MoneyProgress] = field(default_factory=list)
    money_total: MoneyProgress | None = None
    money_by_content: list[MoneyProgress] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    calendar: list[dict] = field(default_factory=list)
    behind: list = field(default_factory=list)

    @property
    def accepted_share(self) -> Decimal | None:
        if not self.project_count:
            return None
        return (Decimal(self.accepted_count) * 100 / Decimal(self.project_count)).quantize(
            Decimal("0.1")
        )


def _approved(plan: Plan) -> dict[tuple[int, str], int]:
    """What the plan approved per (project, source): the latest version, or, before the first
    approval, the projects' current money (the plan as proposed)."""
    amounts = services.approved_amounts(plan)
    if amounts:
        return amounts
    return {
        (row["project"], code): amount
        for row in snapshot(plan)["items"]
        for code, amount in row["amounts"].items()
    }


def progress(plan: Plan, today: datetime.date | None = None) -> Progress:
    """The progress panel of a plan, in a fixed number of queries."""
    today = today or timezone.localdate()
    items = PlanItem.objects.filter(plan=plan, is_selected=True)
    project_ids = list(items.values_list("project_id", flat=True))
    result = Progress(project_count=len(project_ids))
    counts = dict(
        items.values("project__status").annotate(n=Count("pk")).values_list("project__status", "n")
    )
    result.by_status = [
        (status.value, str(status.label), counts[status.value])
        for status in ProjectStatus
        if counts.get(status.value)
    ]
    result.accepted_count = sum(counts.get(s, 0) for s in ACCEPTED_STATES)

    approved = _approved(plan)
    allocated = _sum_by(
        AllocationLine.objects.filter(allocation__plan=plan),
        "project",
        "source__code",
        "amount_vnd",
    )
    disbursed = {
        (row["project"], row["source__code"]): row["total"] or 0
        for row in MoneyMovement.objects.filter(project__in=project_ids)
        .values("project", "source__code")
        .annotate(total=Sum(SIGNED_AMOUNT))
    }
    settled = _sum_by(
        BudgetLine.objects.filter(project__in=project_ids, settled_vnd__isnull=False),
        "project",
        "source__code",
        "settled_vnd",
    )
    sources = list(FundingSource.objects.order_by("order", "code"))
    content_of = dict(items.values_list("project_id", "project__activity_content__code"))
    content_names = dict(
        items.values_list("project__activity_content__code", "project__activity_content__name")
    )
    by_source = {s.code: MoneyProgress(label=s.name, code=s.code) for s in sources}
    by_content: dict[str, MoneyProgress] = {}
    total = MoneyProgress(label=_("Total"))
    for table, attribute in (
        (approved, "approved_vnd"),
        (allocated, "allocated_vnd"),
        (disbursed, "disbursed_vnd"),
        (settled, "settled_vnd"),
    ):
        for (project_id, code), amount in table.items():
            if project_id not in content_of:
                continue
            content = content_of[project_id]
            for row in (
                by_source.setdefault(code, MoneyProgress(label=code, code=code)),
                by_content.setdefault(
                    content,
                    MoneyProgress(
                        label=f"{content}. {content_names.get(content, '')}", code=content
                    ),
                ),
                total,
            ):
                setattr(row, attribute, getattr(row, attribute) + amount)
    result.money_by_source = [
        row
        for row in by_source.values()
        if row.approved_vnd or row.allocated_vnd or row.disbursed_vnd or row.settled_vnd
    ]
    result.money_by_content = [by_content[k] for k in sorted(by_content, key=_content_order)]
    result.money_total = total

    result.targets = _targets(plan, project_ids)
    result.calendar = _calendar(plan, today)
    result.behind = list(
        items.filter(project__status__in=RUNNING_STATES)
        .filter(project__planned_end__lt=today + datetime.timedelta(days=WARNING_DAYS))
        .select_related("project")
        .order_by("project__planned_end")
    )
    return result


def _content_order(code: str) -> tuple:
    number = code.split("-")[-1]
    return (int(number) if number.isdecimal() else 999, code)


def _sum_by(rows: QuerySet, first: str, second: str, amount: str) -> dict[tuple, int]:
    return {
        (row[first], row[second]): row["total"] or 0
        for row in rows.values(first, second).annotate(total=Sum(amount))
    }


def _targets(plan: Plan, project_ids: list[int]) -> list[dict]:
    """Per indicator: the programme's target for its phase, and this plan's planned and actual."""
    outputs = {
        row["indicator"]: row
        for row in ProjectOutput.objects.filter(project__in=project_ids)
        .values("indicator", "indicator__name", "indicator__unit", "indicator__order")
        .annotate(planned=Sum("target"), actual=Sum("actual"))
    }
    programme_targets = {}
    if plan.programme_id:
        programme_targets = {
            t.indicator_id: t
            for t in ProgrammeTarget.objects.filter(programme_id=plan.programme_id).select_related(
                "indicator"
            )
        }
    rows = []
    for indicator_id in sorted(
        outputs.keys() | programme_targets.keys(),
        key=lambda i: (
            (outputs.get(i) or {}).get("indicator__order") or programme_targets[i].indicator.order
        ),
    ):
        output = outputs.get(indicator_id)
        target = programme_targets.get(indicator_id)
        rows.append(
            {
                "name": output["indicator__name"] if output else target.indicator.name,
                "unit": output["indicator__unit"] if output else target.indicator.unit,
                "programme_target": target.target if target else None,
                "planned": output["planned"] if output else None,
                "actual": output["actual"] if output else None,
            }
        )
    return rows


def _calendar(plan: Plan, today: datetime.date) -> list[dict]:
    entries = [
        (plan.registration_deadline, _("Registration deadline")),
        (plan.mid_year_report_due, _("Mid-year report due")),
        (plan.year_end_report_due, _("Year-end report due")),
    ]
    return [
        {"date": day, "label": label, "past": day < today}
        for day, label in sorted((e for e in entries if e[0]), key=lambda e: e[0])
    ]


def plan_page(*, user: User, plan: Plan) -> dict:
    return {
        "items": plan_items(plan),
        "versions": versions_of(plan),
        "allocations": list(plan.allocations.prefetch_related("lines__project", "lines__source")),
        "options": PLAN_WORKFLOW.options(plan, user),
        "steps": STEPS,
        "progress": progress(plan),
        "can_manage": services.may_manage(user, plan),
        "can_propose": services.may_propose(user, plan),
    }
