"""The reports of the catalogue. Each compute function builds a `ReportResult` from SQL
aggregates (see `queries` and `sections`) and checks itself (`result.checks`)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.geo.models import Province
from khuyencong.policy.models import ActivityContent
from khuyencong.reports import narrative, queries, sections
from khuyencong.reports import params as p
from khuyencong.reports.data import (
    INT,
    MILLION,
    PERCENT,
    RATIO,
    Check,
    Column,
    Figure,
    ReportResult,
    Section,
    Table,
    million,
    ratio,
    share,
)
from khuyencong.reports.registry import Report, register


def _start(report: Report, params: p.ReportParams):
    projects = queries.projects_for(params)
    result = ReportResult(
        slug=report.slug,
        title=str(report.title),
        document_title=str(report.document_title or report.title),
        subtitle=params.period.label
        + " · "
        + (params.province.name if params.province else _("Whole country")),
        parameters=params.describe(),
    )
    if not projects.exists():
        result.empty = True
        result.empty_text = _(
            "No project in this period, programme and province: the report is empty."
        )
    return projects, result


def provincial(params: p.ReportParams) -> ReportResult:
    projects, result = _start(PROVINCIAL, params)
    if result.empty:
        sections.plan_checks(result, params)
        return result
    sections.status_section(result, projects)
    money = sections.money_section(result, projects, params.period)
    sections.outputs_section(result, projects)
    sections.content_section(result, projects, params.period, money["total"])
    sections.area_section(result, projects, params, money["total"])
    sections.plan_checks(result, params)
    return result


def phase(params: p.ReportParams) -> ReportResult:
    projects, result = _start(PHASE, params)
    if result.empty:
        result.sections.append(
            Section(
                key="summary",
                title=_("Summary"),
                paragraphs=narrative.phase_summary(
                    params=params,
                    projects=0,
                    total={},
                    sources={},
                    contents=[],
                    training={},
                    accepted=0,
                    failed_checks=0,
                ),
            )
        )
        return result
    counts = sections.status_section(result, projects)
    money = sections.money_section(result, projects, params.period)
    sections.outputs_section(result, projects)
    contents = sections.content_section(result, projects, params.period, money["total"])
    sections.area_section(result, projects, params, money["total"])
    sections.plan_checks(result, params)
    carried_out = sum(counts.get(s, 0) for s in queries.IMPLEMENTED)
    accepted = sum(counts.get(s, 0) for s in queries.ACCEPTED)
    summary = Section(
        key="summary",
        title=_("Summary"),
        paragraphs=narrative.phase_summary(
            params=params,
            projects=carried_out,
            total=money["total"],
            sources=money["by_source"],
            contents=contents,
            training=queries.trainee_projects(projects),
            accepted=accepted,
            failed_checks=len(result.failed_checks),
        ),
    )
    result.sections.insert(0, summary)
    return result


def national_summary(params: p.ReportParams) -> ReportResult:
    """One row per today's province, for the ministry. Always by today's units."""
    projects, result = _start(NATIONAL_SUMMARY, params)
    group = queries.by_province(p.TODAY)
    counts = queries.project_counts(queries.implemented(projects), group)
    money = queries.money(projects, params.period.end, group)
    provinces = Province.objects.current().order_by("name_folded")
    if params.province is not None:
        provinces = provinces.filter(pk=params.province.pk)
    rows = []
    for province in provinces:
        n = counts.get(province.pk, {})
        values = money.get(province.pk, {})
        rows.append(
            {
                "province": province.name,
                "projects": n.get("n", 0),
                "accepted": n.get("accepted", 0),
                "share": share(n.get("accepted", 0), n.get("n", 0)),
                "state": values.get("state", 0),
                "state_disbursed": values.get("state_disbursed", 0),
                "rate": share(values.get("state_disbursed", 0), values.get("state", 0)),
            }
        )
    keys = ("projects", "accepted", "state", "state_disbursed")
    summed = {key: sum(row[key] for row in rows) for key in keys}
    table = Table(
        key="provinces",
        title=_("Summary by province"),
        columns=[
            Column("province", _("Province")),
            Column("projects", _("Projects carried out"), INT),
            Column("accepted", _("Accepted"), INT),
            Column("share", _("Accepted (%)"), PERCENT),
            Column("state", _("State support (million VND)"), MILLION),
            Column("state_disbursed", _("State support disbursed (million VND)"), MILLION),
            Column("rate", _("Disbursed (%)"), PERCENT),
        ],
        rows=rows,
        total={
            "province": _("Whole country"),
            **summed,
            "share": share(summed["accepted"], summed["projects"]),
            "rate": share(summed["state_disbursed"], summed["state"]),
        },
        note=_("Today's provinces; projects of merged provinces are counted in their successor."),
    )
    shown = [row for row in rows if row["projects"]]
    figure = Figure(
        key="provinces",
        title=_("State support by province (million VND)"),
        categories=[row["province"] for row in shown],
        series=[
            {"name": _("State support"), "data": [float(million(r["state"])) for r in shown]},
            {
                "name": _("Disbursed"),
                "data": [float(million(r["state_disbursed"])) for r in shown],
            },
        ],
        unit=_("million VND"),
    )
    result.sections.append(
        Section(key="provinces", title=_("By province"), tables=[table], figures=[figure])
    )
    total = queries.money_total(projects, params.period.end)
    result.checks.append(
        Check(
            label=_("Projects by province add up to the projects carried out"),
            expected=queries.implemented(projects).count(),
            actual=summed["projects"],
            expected_label=_("Projects"),
            actual_label=_("Sum of provinces"),
        )
    )
    result.checks.append(
        Check(
            label=_("State support by province adds up to the total state support"),
            expected=total["state"],
            actual=summed["state"],
            kind=MILLION,
            expected_label=_("Total"),
            actual_label=_("Sum of provinces"),
        )
    )
    return result


def beneficiaries(params: p.ReportParams) -> ReportResult:
    projects, result = _start(BENEFICIARIES, params)
    if result.empty:
        return result
    data = queries.beneficiaries(projects)
    totals = data["totals"]
    summary = Table(
        key="beneficiaries",
        title=_("Beneficiary establishments"),
        columns=[
            Column("label", _("Establishments")),
            Column("count", _("Number"), INT),
            Column("share", _("Share (%)"), PERCENT),
        ],
        rows=[
            {"label": _("Establishments supported"), "count": totals["total"], "share": None},
            {
                "label": _("Women-owned"),
                "count": totals["women"],
                "share": share(totals["women"], totals["total"]),
            },
            {
                "label": _("Ethnic-minority owned"),
                "count": totals["ethnic"],
                "share": share(totals["ethnic"], totals["total"]),
            },
            {
                "label": _("Supported by more than one project"),
                "count": totals["repeat"],
                "share": share(totals["repeat"], totals["total"]),
            },
            {
                "label": _("Participations (establishments in projects)"),
                "count": totals["participations"],
                "share": None,
            },
        ],
    )
    kind_rows = [
        {
            "kind": row["kind__name"] or _("(unknown)"),
            "count": row["n"],
            "women": row["women"],
            "ethnic": row["ethnic"],
        }
        for row in data["by_kind"]
    ]
    by_kind = Table(
        key="kinds",
        title=_("By kind of establishment"),
        columns=[
            Column("kind", _("Kind")),
            Column("count", _("Establishments"), INT),
            Column("women", _("Women-owned"), INT),
            Column("ethnic", _("Ethnic-minority owned"), INT),
        ],
        rows=kind_rows,
        total={
            "kind": _("Total"),
            **{k: sum(r[k] for r in kind_rows) for k in ("count", "women", "ethnic")},
        },
        empty_text=_("No beneficiary establishment recorded."),
    )
    figure = Figure(
        key="kinds",
        title=_("Establishments by kind"),
        categories=[row["kind"] for row in kind_rows],
        series=[{"name": _("Establishments"), "data": [row["count"] for row in kind_rows]}],
        unit=_("establishments"),
    )
    result.sections.append(
        Section(
            key="beneficiaries",
            title=_("Beneficiaries"),
            tables=[summary, by_kind],
            figures=[figure],
        )
    )
    result.checks.append(
        Check(
            label=_("Establishments by kind add up to the establishments supported"),
            expected=totals["total"],
            actual=sum(r["count"] for r in kind_rows),
            expected_label=_("Establishments"),
            actual_label=_("Sum of kinds"),
        )
    )
    return result


def _leverage_rows(money: dict, labels: dict) -> list[dict]:
    rows = []
    for key, values in money.items():
        rows.append(
            {
                "label": labels.get(key, _("(unknown)")),
                "state": values["state"],
                "counterpart": values["counterpart"],
                "other": values["other"],
                "counterpart_ratio": ratio(values["counterpart"], values["state"]),
                "leverage": ratio(values["counterpart"] + values["other"], values["state"]),
            }
        )
    return sorted(rows, key=lambda r: r["label"])


def _leverage_table(key: str, title: str, label: str, rows: list[dict], note: str = "") -> Table:
    keys = ("state", "counterpart", "other")
    summed = {k: sum(r[k] for r in rows) for k in keys}
    return Table(
        key=key,
        title=title,
        columns=[
            Column("label", label),
            Column("state", _("State support (million VND)"), MILLION),
            Column("counterpart", _("Counterpart funds (million VND)"), MILLION),
            Column("other", _("Other funds (million VND)"), MILLION),
            Column("counterpart_ratio", _("Counterpart per đồng of state support"), RATIO),
            Column("leverage", _("Non-state funds per đồng of state support"), RATIO),
        ],
        rows=rows,
        total={
            "label": _("Total"),
            **summed,
            "counterpart_ratio": ratio(summed["counterpart"], summed["state"]),
            "leverage": ratio(summed["counterpart"] + summed["other"], summed["state"]),
        },
        note=note,
        empty_text=_("No approved money."),
    )


def leverage(params: p.ReportParams) -> ReportResult:
    projects, result = _start(LEVERAGE, params)
    if result.empty:
        return result
    end = params.period.end
    by_content = queries.money(projects, end, queries.by_content)
    contents = ActivityContent.objects.in_bulk(by_content.keys())
    content_rows = _leverage_rows(
        by_content, {k: sections.content_label(v) for k, v in contents.items()}
    )
    group = queries.by_province(params.grouping)
    by_province = queries.money(projects, end, group)
    provinces = Province.objects.in_bulk(by_province.keys())
    province_rows = _leverage_rows(
        by_province, {k: sections.province_label(v) for k, v in provinces.items()}
    )
    tables = [
        _leverage_table(
            "leverage_provinces",
            _("Leverage by province"),
            _("Province"),
            province_rows,
            note=_("Approved amounts of the projects carried out."),
        ),
        _leverage_table(
            "leverage_contents",
            _("Leverage by activity content"),
            _("Activity content"),
            content_rows,
        ),
    ]
    figure = Figure(
        key="leverage",
        title=_("Non-state funds per đồng of state support"),
        categories=[row["label"] for row in content_rows],
        series=[
            {
                "name": _("Leverage"),
                "data": [float(row["leverage"] or 0) for row in content_rows],
            }
        ],
    )
    result.sections.append(
        Section(key="leverage", title=_("Leverage"), tables=tables, figures=[figure])
    )
    total = queries.money_total(projects, end)
    result.checks.append(
        Check(
            label=_("State support by activity content adds up to the total state support"),
            expected=total["state"],
            actual=sum(r["state"] for r in content_rows),
            kind=MILLION,
            expected_label=_("Total"),
            actual_label=_("Sum of contents"),
        )
    )
    return result


PROVINCIAL = register(
    Report(
        slug="provincial",
        title=gettext_lazy("Half-year / annual report"),
        description=gettext_lazy(
            "Projects by status, money by source, outputs by indicator, by activity content and "
            "by area."
        ),
        document_title=gettext_lazy("Results of the industrial-extension activities"),
        compute=provincial,
        default_period=p.YEAR,
    )
)
PHASE = register(
    Report(
        slug="phase",
        title=gettext_lazy("Phase report"),
        description=gettext_lazy(
            "Several years with a written summary, as in the provinces' phase reports."
        ),
        document_title=gettext_lazy("Review of the industrial-extension activities"),
        compute=phase,
        default_period=p.PHASE,
    )
)
NATIONAL_SUMMARY = register(
    Report(
        slug="national-summary",
        title=gettext_lazy("National summary by province"),
        description=gettext_lazy(
            "For the ministry: projects, state support, disbursement and acceptance per province."
        ),
        document_title=gettext_lazy(
            "Results of the industrial-extension activities of the provinces"
        ),
        compute=national_summary,
        default_period=p.YEAR,
        national_only=True,
    )
)
BENEFICIARIES = register(
    Report(
        slug="beneficiaries",
        title=gettext_lazy("Beneficiaries"),
        description=gettext_lazy(
            "Establishments supported: by kind, women-owned, ethnic minority, repeat beneficiaries."
        ),
        document_title=gettext_lazy(
            "Establishments supported by the industrial-extension programme"
        ),
        compute=beneficiaries,
    )
)
LEVERAGE = register(
    Report(
        slug="leverage",
        title=gettext_lazy("Leverage"),
        description=gettext_lazy(
            "Counterpart and other funds per đồng of state support, by province and content."
        ),
        document_title=gettext_lazy(
            "Funds mobilised alongside the state's industrial-extension support"
        ),
        compute=leverage,
    )
)
