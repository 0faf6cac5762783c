"""The SQL aggregates reports are built from. Every function takes the report's projects (a
scoped queryset) and returns small dicts keyed by a group (a source, a content, a province…):
one query per aggregate, never a loop over rows."""

from __future__ import annotations

from django.db.models import (
    Avg,
    BigIntegerField,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from khuyencong.core.scope import restrict
from khuyencong.plans.models import AllocationLine, Plan, PlanItem, PlanVersion
from khuyencong.projects.models import (
    MONEY_STATES,
    BudgetLine,
    MoneyMovement,
    Project,
    ProjectOutput,
    Status,
)
from khuyencong.projects.money import SIGNED_AMOUNT
from khuyencong.registry.models import Establishment
from khuyencong.reports import params as p

# Projects that were carried out (approved and not cancelled): the ones whose money counts.
IMPLEMENTED = frozenset(MONEY_STATES | {Status.SETTLED, Status.CLOSED})
ACCEPTED = frozenset({Status.ACCEPTED, Status.SETTLED, Status.CLOSED})
# What a budget line approved: the amended amount, else the approved one (never the proposal).
APPROVED_AMOUNT = Coalesce("revised_vnd", "approved_vnd")


def projects_for(params: p.ReportParams) -> QuerySet[Project]:
    """The report's projects: in the user's scope, of the period's years, the programme and the
    province (today's province: the scope key; the grouping only changes how rows are labelled)."""
    rows = restrict(Project.objects.all(), params.user).filter(
        year__gte=params.period.first_year, year__lte=params.period.last_year
    )
    if params.programme != p.BOTH:
        rows = rows.filter(programme=params.programme)
    if params.province is not None:
        rows = rows.filter(province=params.province)
    return rows


def implemented(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.filter(status__in=IMPLEMENTED)


# --- groups -------------------------------------------------------------------------------------
# A group is given as a function of the path to the project ("" on projects, "project__" on
# budget lines and transactions) returning an expression to annotate; None groups budget lines
# and transactions by their funding source.


def by_content(prefix: str):
    return F(f"{prefix}activity_content")


def by_province(grouping: str):
    def group(prefix: str):
        if grouping == p.THEN:
            return Coalesce(f"{prefix}province_then", f"{prefix}province")
        return F(f"{prefix}province")

    return group


def _grouped(rows: QuerySet, group, prefix: str) -> QuerySet:
    if group is None:
        return rows.values(key=F("source"))
    return rows.annotate(key=group(prefix)).values("key")


def status_counts(projects: QuerySet[Project]) -> dict[str, int]:
    return dict(
        projects.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )


def project_counts(projects: QuerySet[Project], group) -> dict:
    rows = _grouped(projects.order_by(), group, "").annotate(
        n=Count("pk"), accepted=Count("pk", filter=Q(status__in=ACCEPTED))
    )
    return {row["key"]: row for row in rows}


def money(projects: QuerySet[Project], end, group) -> dict:
    """Per group: approved (all sources and state budget), allocated, disbursed (up to `end`)
    and settled, in whole VND. Four queries."""
    ids = implemented(projects).values("pk")
    result: dict = {}

    def put(key, name, value):
        row = result.setdefault(
            key,
            {
                "approved": 0,
                "state": 0,
                "counterpart": 0,
                "other": 0,
                "allocated": 0,
                "disbursed": 0,
                "state_disbursed": 0,
                "settled": 0,
            },
        )
        row[name] += value or 0

    lines = BudgetLine.objects.filter(project__in=ids).order_by()
    for row in _grouped(lines, group, "project__").annotate(
        approved=Sum(APPROVED_AMOUNT),
        state=Sum(APPROVED_AMOUNT, filter=Q(source__is_state_budget=True)),
        counterpart=Sum(APPROVED_AMOUNT, filter=Q(source__code="counterpart")),
        other=Sum(
            APPROVED_AMOUNT,
            filter=Q(source__is_state_budget=False) & ~Q(source__code="counterpart"),
        ),
        settled=Sum(
            "settled_vnd",
            filter=Q(project__settlement_date__isnull=True) | Q(project__settlement_date__lte=end),
        ),
    ):
        for name in ("approved", "state", "counterpart", "other", "settled"):
            put(row["key"], name, row[name])
    allocations = AllocationLine.objects.filter(
        project__in=ids, allocation__decision_date__lte=end
    ).order_by()
    for row in _grouped(allocations, group, "project__").annotate(total=Sum("amount_vnd")):
        put(row["key"], "allocated", row["total"])
    movements = MoneyMovement.objects.filter(project__in=ids, date__lte=end).order_by()
    for row in _grouped(movements, group, "project__").annotate(
        total=Sum(SIGNED_AMOUNT),
        state=Sum(SIGNED_AMOUNT, filter=Q(source__is_state_budget=True)),
    ):
        put(row["key"], "disbursed", row["total"])
        put(row["key"], "state_disbursed", row["state"])
    return result


def money_total(projects: QuerySet[Project], end) -> dict:
    """The same totals without grouping, computed on their own (the reconciliation's reference)."""
    ids = implemented(projects).values("pk")
    lines = BudgetLine.objects.filter(project__in=ids).aggregate(
        approved=Sum(APPROVED_AMOUNT),
        state=Sum(APPROVED_AMOUNT, filter=Q(source__is_state_budget=True)),
        settled=Sum(
            "settled_vnd",
            filter=Q(project__settlement_date__isnull=True) | Q(project__settlement_date__lte=end),
        ),
    )
    allocated = AllocationLine.objects.filter(
        project__in=ids, allocation__decision_date__lte=end
    ).aggregate(total=Sum("amount_vnd"))["total"]
    disbursed = MoneyMovement.objects.filter(project__in=ids, date__lte=end).aggregate(
        total=Sum(SIGNED_AMOUNT),
        state=Sum(SIGNED_AMOUNT, filter=Q(source__is_state_budget=True)),
    )
    return {
        "approved": lines["approved"] or 0,
        "state": lines["state"] or 0,
        "settled": lines["settled"] or 0,
        "allocated": allocated or 0,
        "disbursed": disbursed["total"] or 0,
        "state_disbursed": disbursed["state"] or 0,
    }


def outputs(projects: QuerySet[Project]) -> list[dict]:
    """Per indicator: target and actual, summed or averaged as the indicator says."""
    rows = (
        ProjectOutput.objects.filter(project__in=implemented(projects).values("pk"))
        .order_by()
        .values(
            "indicator",
            "indicator__code",
            "indicator__name",
            "indicator__unit",
            "indicator__aggregation",
            "indicator__order",
        )
        .annotate(
            target_sum=Sum("target"),
            target_avg=Avg("target"),
            actual_sum=Sum("actual"),
            actual_avg=Avg("actual"),
            projects=Count("project", distinct=True),
            reported=Count("actual"),
        )
        .order_by("indicator__order", "indicator__code")
    )
    return list(rows)


def trainee_projects(projects: QuerySet[Project]) -> dict:
    """Projects with a trainee target, and the people they trained (actual)."""
    return ProjectOutput.objects.filter(
        project__in=implemented(projects).values("pk"), indicator__code="trainees"
    ).aggregate(projects=Count("project", distinct=True), people=Sum("actual"))


def places(projects: QuerySet[Project], grouping: str) -> list[dict]:
    """Projects per place: today's communes, or the districts and communes recorded then (a
    project with none recorded then falls back to its communes). A project in several places is
    counted in each."""
    ids = projects.values("pk")

    def count(rows: QuerySet, path: str, level: str) -> list[dict]:
        return [
            dict(row, level=level)
            for row in rows.filter(**{f"{path}__isnull": False})
            .order_by()
            .values(name=F(f"{path}__name"), unit=F(f"{path}__pk"))
            .annotate(n=Count("pk", distinct=True))
        ]

    base = Project.objects.filter(pk__in=ids)
    if grouping == p.THEN:
        rows = count(base, "districts_then", "district") + count(base, "communes_then", "commune")
        rows += count(
            base.filter(districts_then__isnull=True, communes_then__isnull=True),
            "communes",
            "commune",
        )
    else:
        rows = count(base, "communes", "commune")
    return sorted(rows, key=lambda r: (-r["n"], r["name"]))


def unplaced_count(projects: QuerySet[Project], grouping: str) -> int:
    rows = projects.filter(communes__isnull=True)
    if grouping == p.THEN:
        rows = rows.filter(districts_then__isnull=True, communes_then__isnull=True)
    return rows.count()


def beneficiaries(projects: QuerySet[Project]) -> dict:
    ids = implemented(projects).values("pk")
    base = Establishment.objects.filter(projects__in=ids)
    totals = base.aggregate(
        total=Count("pk", distinct=True),
        women=Count("pk", distinct=True, filter=Q(women_owned=True)),
        ethnic=Count("pk", distinct=True, filter=Q(ethnic_minority=True)),
    )
    by_kind = list(
        base.order_by()
        .values("kind__code", "kind__name", "kind__order")
        .annotate(
            n=Count("pk", distinct=True),
            women=Count("pk", distinct=True, filter=Q(women_owned=True)),
            ethnic=Count("pk", distinct=True, filter=Q(ethnic_minority=True)),
        )
        .order_by("kind__order", "kind__code")
    )
    repeat = (
        Establishment.objects.filter(projects__in=ids)
        .annotate(times=Count("projects", distinct=True))
        .filter(times__gt=1)
    )
    totals["repeat"] = repeat.count()
    totals["participations"] = Project.establishments.through.objects.filter(
        project__in=ids
    ).count()
    return {"totals": totals, "by_kind": by_kind}


def plan_reconciliation(params: p.ReportParams) -> list[dict]:
    """The plans of the period: the latest version's total against the state money of the
    projects it holds, and the plan's approved total against its latest version."""
    plans = restrict(Plan.objects.all(), params.user).filter(
        year__gte=params.period.first_year, year__lte=params.period.last_year
    )
    if params.programme != p.BOTH:
        plans = plans.filter(kind=params.programme)
    if params.province is not None:
        plans = plans.filter(province=params.province)
    latest = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number")
    items_state = (
        BudgetLine.objects.filter(
            project__in=PlanItem.objects.filter(plan=OuterRef(OuterRef("pk")), is_selected=True)
            .values("project")
            .order_by(),
            source__is_state_budget=True,
        )
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(total=Sum(Coalesce("revised_vnd", "approved_vnd", "proposed_vnd")))
        .values("total")
    )
    return list(
        plans.annotate(
            version_total=Subquery(latest.values("total_vnd")[:1]),
            version_number=Subquery(latest.values("number")[:1]),
            items_total=Coalesce(
                Subquery(items_state, output_field=BigIntegerField()),
                Value(0),
                output_field=BigIntegerField(),
            ),
        )
        .filter(version_total__isnull=False)
        .values(
            "pk",
            "title",
            "year",
            "kind",
            "approved_total_vnd",
            "version_total",
            "version_number",
            "items_total",
        )
        .order_by("year", "province__name_folded", "kind")
    )
