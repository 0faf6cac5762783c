"""The numbers of the dashboards: SQL aggregates over the user's scoped projects (through the
reports' `queries`), a constant number of queries whatever the number of projects.

Projects are counted under the province they belong to today (`Project.province`): a Thái Bình
project of 2016 counts under Hưng Yên.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from khuyencong.core.scope import restrict
from khuyencong.geo.models import Province
from khuyencong.plans.models import Plan
from khuyencong.plans.selectors import progress
from khuyencong.policy.models import ActivityContent, FundingSource
from khuyencong.projects.models import RUNNING_STATES, BudgetLine, Project, ProjectOutput
from khuyencong.reports import params as p
from khuyencong.reports import queries
from khuyencong.reports.data import million, share

MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_SPAN = 30  # years in one range
TREND_YEARS = 10  # the trend chart shows at least this many years up to the last one chosen
OVERDUE_SHOWN = 20


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    kind: str  # "int", "million" or "percent"


INDICATORS = {
    i.key: i
    for i in (
        Indicator("projects", _("Projects carried out"), _("projects"), "int"),
        Indicator("accepted_share", _("Projects accepted (%)"), "%", "percent"),
        Indicator("state_support", _("State support approved"), _("million VND"), "million"),
        Indicator("approved", _("Total approved (all sources)"), _("million VND"), "million"),
        Indicator("disbursed", _("Disbursed (all sources)"), _("million VND"), "million"),
        Indicator("disbursement_rate", _("State support disbursed (%)"), "%", "percent"),
        Indicator("trainees", _("People trained"), _("people"), "int"),
    )
}
DEFAULT_INDICATOR = "projects"

# The scorecard's traffic lights: per indicator, the value from which a province is green and
# from which it is amber (below: red). Higher is better. A deployment may override them with
# the setting KC_SCORECARD_THRESHOLDS (same shape).
SCORECARD_THRESHOLDS = {
    "disbursement_rate": {"green": 80, "amber": 50},
    "accepted_share": {"green": 70, "amber": 40},
}


def thresholds() -> dict[str, dict[str, float]]:
    return getattr(settings, "KC_SCORECARD_THRESHOLDS", SCORECARD_THRESHOLDS)


def light(key: str, value) -> str | None:
    """'green', 'amber', 'red' for an indicator with thresholds, None without (or no value)."""
    limits = thresholds().get(key)
    if limits is None or value is None:
        return None
    if value >= Decimal(str(limits["green"])):
        return "green"
    if value >= Decimal(str(limits["amber"])):
        return "amber"
    return "red"


def scoped_projects(user, first_year: int, last_year: int, province=None):
    return queries.projects_for(
        p.ReportParams(user=user, period=p.Period.phase(first_year, last_year), province=province)
    )


# --- national ----------------------------------------------------------------------------------


def province_values(user, first_year: int, last_year: int) -> list[dict]:
    """Every province in force today with every indicator over the years: six queries."""
    projects = scoped_projects(user, first_year, last_year)
    group = queries.by_province(p.TODAY)
    counts = queries.project_counts(queries.implemented(projects), group)
    money = queries.money(projects, datetime.date(last_year, 12, 31), group)
    trainees = dict(
        ProjectOutput.objects.filter(
            project__in=queries.implemented(projects).values("pk"), indicator__code="trainees"
        )
        .order_by()
        .values_list("project__province")
        .annotate(n=Sum("actual"))
    )
    rows = []
    for province in Province.objects.current().order_by("name_folded"):  # 34 rows
        count = counts.get(province.pk) or {}
        amounts = money.get(province.pk) or {}
        n = count.get("n", 0)
        values = {
            "projects": n,
            "accepted_share": share(count.get("accepted", 0), n),
            "state_support": million(amounts.get("state", 0)),
            "approved": million(amounts.get("approved", 0)),
            "disbursed": million(amounts.get("disbursed", 0)),
            "disbursement_rate": share(amounts.get("state_disbursed", 0), amounts.get("state")),
            "trainees": trainees.get(province.pk) or 0,
        }
        rows.append(
            {
                "province": province,
                "values": values,
                "lights": {key: light(key, values[key]) for key in values},
                "has_data": bool(n),
            }
        )
    return rows


def ranked(rows: list[dict], indicator: str) -> list[dict]:
    """The provinces by the indicator, best first; those without a value last."""
    with_value = [r for r in rows if r["values"][indicator] is not None and r["has_data"]]
    without = [r for r in rows if r not in with_value]
    with_value.sort(key=lambda r: (-r["values"][indicator], r["province"].name_folded))
    for rank, row in enumerate(with_value, start=1):
        row["rank"] = rank
    return with_value + without


def trends(user, first_year: int, last_year: int, province=None) -> list[dict]:
    """Per year: projects carried out, state support and total approved. Two queries."""
    projects = queries.implemented(scoped_projects(user, first_year, last_year, province))
    counts = dict(
        projects.order_by().values_list("year").annotate(n=Count("pk")).values_list("year", "n")
    )
    money = {
        row["year"]: row
        for row in BudgetLine.objects.filter(project__in=projects.values("pk"))
        .order_by()
        .values(year=F("project__year"))
        .annotate(
            approved=Sum(queries.APPROVED_AMOUNT),
            state=Sum(queries.APPROVED_AMOUNT, filter=Q(source__is_state_budget=True)),
        )
    }
    return [
        {
            "year": year,
            "projects": counts.get(year, 0),
            "state": million((money.get(year) or {}).get("state") or 0),
            "approved": million((money.get(year) or {}).get("approved") or 0),
        }
        for year in range(first_year, last_year + 1)
    ]


# --- a province -------------------------------------------------------------------------------


def province_dashboard(user, province: Province, year: int, today: datetime.date) -> dict:
    # The same definition as the national scorecard and the reports: projects carried out
    # (approved and later, not cancelled); drafts and proposals have no money and no results yet.
    projects = queries.implemented(scoped_projects(user, year, year, province))
    end = datetime.date(year, 12, 31)
    sources = {s.pk: s for s in FundingSource.objects.order_by("order", "code")}
    by_source = queries.money(projects, end, None)
    money_rows = [
        dict(
            by_source[pk],
            source=source,
            rate=share(by_source[pk]["disbursed"], by_source[pk]["approved"]),
        )
        for pk, source in sources.items()
        if pk in by_source
    ]
    total = {
        key: sum(row[key] for row in money_rows)
        for key in ("approved", "allocated", "disbursed", "settled")
    }
    total["rate"] = share(total["disbursed"], total["approved"])

    contents_count = queries.project_counts(projects, queries.by_content)
    contents_money = queries.money(projects, end, queries.by_content)
    contents = ActivityContent.objects.filter(pk__in=list(contents_count)).order_by("order", "code")
    by_content = [
        {
            "content": content,
            "projects": contents_count[content.pk]["n"],
            "state": (contents_money.get(content.pk) or {}).get("state", 0),
            "approved": (contents_money.get(content.pk) or {}).get("approved", 0),
        }
        for content in contents
    ]
    plans = list(
        restrict(Plan.objects.all(), user)
        .filter(province=province, year=year)
        .select_related("programme")
        .order_by("kind")
    )
    overdue = (
        restrict(Project.objects.all(), user)
        .filter(province=province, status__in=RUNNING_STATES, planned_end__lt=today)
        .order_by("planned_end", "code")
    )
    return {
        "project_count": projects.count(),
        "money": money_rows,
        "money_total": total,
        "outputs": queries.outputs(projects),
        "by_content": by_content,
        "by_commune": queries.places(projects, p.TODAY),
        "unplaced": queries.unplaced_count(projects, p.TODAY),
        "plans": [{"plan": plan, "progress": progress(plan, today)} for plan in plans],
        "overdue": list(overdue.select_related("activity_content")[:OVERDUE_SHOWN]),
        "overdue_count": overdue.count(),
    }
