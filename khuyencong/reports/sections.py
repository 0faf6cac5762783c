"""Sections shared by the reports: projects by status, money by source, outputs by indicator,
by activity content and by area. Each builds its tables from the SQL aggregates of `queries`
and adds its reconciliation checks to the result."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from khuyencong.geo.models import Province
from khuyencong.policy.models import ActivityContent, Aggregation, FundingSource
from khuyencong.projects.models import Project, Status
from khuyencong.reports import params as p
from khuyencong.reports import queries
from khuyencong.reports.data import (
    DECIMAL,
    INT,
    MILLION,
    PERCENT,
    TEXT,
    Check,
    Column,
    Figure,
    ReportResult,
    Section,
    Table,
    million,
    share,
)

MONEY_KEYS = ("approved", "allocated", "disbursed", "settled")


def money_columns() -> list[Column]:
    return [
        Column("approved", _("Approved (million VND)"), MILLION),
        Column("allocated", _("Allocated (million VND)"), MILLION),
        Column("disbursed", _("Disbursed (million VND)"), MILLION),
        Column("settled", _("Settled (million VND)"), MILLION),
        Column("rate", _("Disbursed (%)"), PERCENT),
    ]


def _money_row(values: dict) -> dict:
    row = {key: values.get(key, 0) for key in MONEY_KEYS}
    row["rate"] = share(row["disbursed"], row["approved"])
    return row


def _sum_rows(rows: list[dict], keys) -> dict:
    return {key: sum(row.get(key) or 0 for row in rows) for key in keys}


def province_label(province: Province | None) -> str:
    if province is None:
        return _("(unknown)")
    if province.valid_to is not None:
        return _("%(name)s (before 1/7/2025)") % {"name": province.name}
    return province.name


def content_label(content: ActivityContent | None) -> str:
    if content is None:
        return _("(unknown)")
    return f"{content.code}. {content.name}"


def status_section(result: ReportResult, projects: QuerySet[Project]) -> dict[str, int]:
    counts = queries.status_counts(projects)
    total = projects.count()
    rows = [
        {"status": str(status.label), "code": status.value, "projects": counts[status.value]}
        for status in Status
        if counts.get(status.value)
    ]
    table = Table(
        key="status",
        title=_("Projects by status"),
        columns=[Column("status", _("Status")), Column("projects", _("Projects"), INT)],
        rows=rows,
        total={"status": _("Total"), "projects": sum(counts.values())},
        empty_text=_("No project."),
    )
    figure = Figure(
        key="status",
        title=_("Projects by status"),
        categories=[row["status"] for row in rows],
        series=[{"name": _("Projects"), "data": [row["projects"] for row in rows]}],
        unit=_("projects"),
    )
    result.sections.append(
        Section(key="status", title=_("Projects by status"), tables=[table], figures=[figure])
    )
    result.checks.append(
        Check(
            label=_("Projects counted by status add up to the number of projects"),
            expected=total,
            actual=sum(counts.values()),
            expected_label=_("Projects"),
            actual_label=_("Sum by status"),
        )
    )
    return counts


def money_section(result: ReportResult, projects: QuerySet[Project], period: p.Period) -> dict:
    by_source = queries.money(projects, period.end, None)
    total = queries.money_total(projects, period.end)
    sources = FundingSource.objects.order_by("order", "code")
    rows = []
    for source in sources:
        values = by_source.get(source.pk)
        if not values or not any(values[key] for key in MONEY_KEYS):
            continue
        rows.append({"source": source.name, "code": source.code, **_money_row(values)})
    summed = _sum_rows(rows, MONEY_KEYS)
    table = Table(
        key="money",
        title=_("Money by funding source"),
        columns=[Column("source", _("Funding source")), *money_columns()],
        rows=rows,
        total={"source": _("Total"), **_money_row(summed)},
        note=_("Approved: the amount approved or, after an amendment, revised."),
        empty_text=_("No money recorded."),
    )
    figure = Figure(
        key="money",
        title=_("Money by funding source (million VND)"),
        categories=[row["source"] for row in rows],
        series=[
            {"name": column.label, "data": [float(million(row[column.key])) for row in rows]}
            for column in money_columns()[:4]
        ],
        unit=_("million VND"),
    )
    result.sections.append(Section(key="money", title=_("Money"), tables=[table], figures=[figure]))
    labels = {
        "approved": _("Approved money by source adds up to the total approved"),
        "allocated": _("Allocated money by source adds up to the total allocated"),
        "disbursed": _("Disbursed money by source adds up to the total disbursed"),
        "settled": _("Settled money by source adds up to the total settled"),
    }
    for key in MONEY_KEYS:
        result.checks.append(
            Check(
                label=labels[key],
                expected=total[key],
                actual=summed[key],
                kind=MILLION,
                expected_label=_("Total"),
                actual_label=_("Sum of sources"),
            )
        )
    return {"by_source": {row["code"]: row for row in rows}, "total": total}


def outputs_section(result: ReportResult, projects: QuerySet[Project]) -> list[dict]:
    rows = []
    for row in queries.outputs(projects):
        average = row["indicator__aggregation"] == Aggregation.AVERAGE
        rows.append(
            {
                "indicator": row["indicator__name"],
                "code": row["indicator__code"],
                "unit": row["indicator__unit"],
                "aggregation": str(Aggregation(row["indicator__aggregation"]).label),
                "projects": row["projects"],
                "target": _round(row["target_avg"] if average else row["target_sum"]),
                "actual": _round(row["actual_avg"] if average else row["actual_sum"]),
                "reported": row["reported"],
            }
        )
    table = Table(
        key="outputs",
        title=_("Outputs by indicator"),
        columns=[
            Column("indicator", _("Indicator")),
            Column("unit", _("Unit")),
            Column("aggregation", _("Aggregation")),
            Column("projects", _("Projects"), INT),
            Column("target", _("Target"), DECIMAL),
            Column("actual", _("Actual"), DECIMAL),
            Column("reported", _("Projects with an actual"), INT),
        ],
        rows=rows,
        note=_("An average indicator (a change in per cent) is averaged over the projects."),
        empty_text=_("No planned output."),
    )
    result.sections.append(Section(key="outputs", title=_("Outputs"), tables=[table]))
    return rows


def _round(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def content_section(
    result: ReportResult, projects: QuerySet[Project], period: p.Period, total: dict
) -> list[dict]:
    counts = queries.project_counts(queries.implemented(projects), queries.by_content)
    money = queries.money(projects, period.end, queries.by_content)
    contents = ActivityContent.objects.select_related("legal_basis").in_bulk(
        set(counts) | set(money)
    )
    rows = []
    for key in sorted(
        set(counts) | set(money),
        key=lambda k: (contents[k].legal_basis.effective_from, contents[k].order),
    ):
        values = money.get(key, {})
        rows.append(
            {
                "content": content_label(contents.get(key)),
                "code": contents[key].code,
                "projects": counts.get(key, {}).get("n", 0),
                "state": values.get("state", 0),
                **_money_row(values),
            }
        )
    summed = _sum_rows(rows, ("projects", "state", *MONEY_KEYS))
    table = Table(
        key="contents",
        title=_("By activity content"),
        columns=[
            Column("content", _("Activity content")),
            Column("projects", _("Projects carried out"), INT),
            Column("state", _("State support (million VND)"), MILLION),
            *money_columns(),
        ],
        rows=rows,
        total={
            "content": _("Total"),
            **summed,
            "rate": share(summed["disbursed"], summed["approved"]),
        },
        empty_text=_("No project."),
    )
    result.sections.append(Section(key="contents", title=_("By activity content"), tables=[table]))
    result.checks.append(
        Check(
            label=_("Approved money by activity content adds up to the total approved"),
            expected=total["approved"],
            actual=summed["approved"],
            kind=MILLION,
            expected_label=_("Total"),
            actual_label=_("Sum of contents"),
        )
    )
    return rows


def area_section(
    result: ReportResult, projects: QuerySet[Project], params: p.ReportParams, total: dict
) -> list[dict]:
    group = queries.by_province(params.grouping)
    counts = queries.project_counts(queries.implemented(projects), group)
    money = queries.money(projects, params.period.end, group)
    provinces = Province.objects.in_bulk(set(counts) | set(money))
    rows = []
    for key in sorted(
        set(counts) | set(money), key=lambda k: (provinces[k].name_folded, provinces[k].pk)
    ):
        values = money.get(key, {})
        rows.append(
            {
                "area": province_label(provinces.get(key)),
                "projects": counts.get(key, {}).get("n", 0),
                "state": values.get("state", 0),
                **_money_row(values),
            }
        )
    summed = _sum_rows(rows, ("projects", "state", *MONEY_KEYS))
    grouping = (
        _("Provinces as they were when the project was recorded.")
        if params.grouping == p.THEN
        else _("Today's provinces (after 1/7/2025).")
    )
    tables = [
        Table(
            key="areas",
            title=_("By province"),
            columns=[
                Column("area", _("Province")),
                Column("projects", _("Projects carried out"), INT),
                Column("state", _("State support (million VND)"), MILLION),
                *money_columns(),
            ],
            rows=rows,
            total={
                "area": _("Total"),
                **summed,
                "rate": share(summed["disbursed"], summed["approved"]),
            },
            note=grouping,
            empty_text=_("No project."),
        )
    ]
    if params.province is not None:
        place_rows = [
            {
                "place": row["name"],
                "level": _("District") if row["level"] == "district" else _("Commune"),
                "projects": row["n"],
            }
            for row in queries.places(queries.implemented(projects), params.grouping)
        ]
        unplaced = queries.unplaced_count(queries.implemented(projects), params.grouping)
        if unplaced:
            place_rows.append(
                {"place": _("(no place recorded)"), "level": "", "projects": unplaced}
            )
        tables.append(
            Table(
                key="places",
                title=_("By place"),
                columns=[
                    Column("place", _("Place")),
                    Column("level", _("Level")),
                    Column("projects", _("Projects carried out"), INT),
                ],
                rows=place_rows,
                note=(
                    _("Districts and communes as recorded then.")
                    if params.grouping == p.THEN
                    else _("Today's communes.")
                )
                + " "
                + _("A project in several places is counted in each."),
                empty_text=_("No place recorded."),
            )
        )
    result.sections.append(Section(key="areas", title=_("By area"), tables=tables))
    result.checks.append(
        Check(
            label=_("Projects counted by province add up to the projects carried out"),
            expected=queries.implemented(projects).count(),
            actual=summed["projects"],
            expected_label=_("Projects"),
            actual_label=_("Sum of provinces"),
        )
    )
    result.checks.append(
        Check(
            label=_("Approved money by province adds up to the total approved"),
            expected=total["approved"],
            actual=summed["approved"],
            kind=MILLION,
            expected_label=_("Total"),
            actual_label=_("Sum of provinces"),
        )
    )
    return rows


def plan_checks(result: ReportResult, params: p.ReportParams) -> None:
    from django.urls import reverse

    for row in queries.plan_reconciliation(params):
        url = reverse("plans:plan_detail", args=[row["pk"]])
        result.checks.append(
            Check(
                label=_("%(plan)s: version %(number)s total against its projects' state money")
                % {"plan": row["title"], "number": row["version_number"]},
                expected=row["version_total"],
                actual=row["items_total"],
                kind=MILLION,
                url=url,
                expected_label=_("Plan total"),
                actual_label=_("Sum of its projects"),
            )
        )
        if row["approved_total_vnd"] is not None:
            result.checks.append(
                Check(
                    label=_("%(plan)s: approved total against its latest version")
                    % {"plan": row["title"]},
                    expected=row["version_total"],
                    actual=row["approved_total_vnd"],
                    kind=MILLION,
                    url=url,
                    expected_label=_("Latest version"),
                    actual_label=_("Approved total"),
                )
            )


def text_column(key: str, label: str) -> Column:
    return Column(key, label, TEXT)
