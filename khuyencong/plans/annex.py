"""The plan in the layout of a plan annex (phụ lục kế hoạch), as an xlsx workbook.

A title block (the plan, its province and year, the approving decision and the version), then
one row per project kept in the plan — its activity content, title, lead unit, beneficiaries,
places and schedule, and its money per funding source in whole VND — and a total row.

What the annex lists comes from a plan version (`PlanVersion.data`: the projects and their money
at that decision) or, before the first approval or for the amendment in preparation, from the
plan's current list (`versions.snapshot`). Beneficiaries, places and schedule are not kept in a
version: they are read from the projects as they are now.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from khuyencong.core.formatting import vnd_in_words
from khuyencong.geo.models import Commune
from khuyencong.plans.models import Plan, PlanVersion
from khuyencong.plans.versions import (
    DATE_FORMAT,
    describe_beneficiaries,
    describe_places,
    describe_schedule,
    snapshot,
)
from khuyencong.policy.models import ActivityContent
from khuyencong.policy.selectors import funding_sources
from khuyencong.projects.models import Project

MONEY_FORMAT = "#,##0"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)


@dataclass
class AnnexRow:
    number: int
    content: str
    code: str
    title: str
    lead_unit: str
    beneficiaries: str
    places: str
    schedule: str
    amounts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.amounts.values())


@dataclass
class Annex:
    """What the annex shows, independent of the file format (the tests read it too)."""

    plan: Plan
    version: PlanVersion | None
    sources: list[tuple[str, str]]  # (code, header) in the order of the columns
    rows: list[AnnexRow]

    @property
    def totals(self) -> dict[str, int]:
        return {
            code: sum(row.amounts.get(code, 0) for row in self.rows) for code, _name in self.sources
        }

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def _content_order(code: str) -> tuple:
    number = code.split("-")[-1]
    return (int(number) if number.isdecimal() else 999, code)


def build_annex(plan: Plan, version: PlanVersion | None = None) -> Annex:
    """The annex of `version`, or of the plan's current list when `version` is None."""
    data = version.data if version is not None else snapshot(plan)
    items = data.get("items", [])
    projects = {
        p.pk: p
        for p in Project.objects.filter(pk__in=[row["project"] for row in items])
        .select_related("activity_content", "lead_unit")
        .prefetch_related(
            "establishments",
            "craft_villages",
            "communes",
            "districts_then__province",
            Prefetch(
                "communes_then", queryset=Commune.objects.select_related("district", "province")
            ),
        )
    }
    codes = {row["content"] for row in items}
    contents = {}
    for content in ActivityContent.objects.filter(code__in=codes).order_by("-pk"):
        contents[content.code] = content
    sources = [(s.code, s.name) for s in funding_sources()]
    known = {code for code, _name in sources}
    used = {code for row in items for code in row.get("amounts", {})}
    for code in sorted(used - known):  # a source no longer in the list: kept as recorded
        sources.append((code, data.get("sources", {}).get(code, code)))

    def content_of(row: dict) -> str:
        project = projects.get(row["project"])
        if project is not None and project.activity_content.code == row["content"]:
            return str(project.activity_content)
        content = contents.get(row["content"])
        return str(content) if content is not None else row["content"]

    ordered = sorted(items, key=lambda row: (_content_order(row["content"]), row["code"]))
    rows = []
    for number, row in enumerate(ordered, start=1):
        project = projects.get(row["project"])
        rows.append(
            AnnexRow(
                number=number,
                content=content_of(row),
                code=row["code"],
                title=row["title"],
                lead_unit=row.get("lead_unit", ""),
                beneficiaries=row.get("beneficiaries", describe_beneficiaries(project)),
                places=row.get("places", describe_places(project)),
                schedule=row.get("schedule", describe_schedule(project)),
                amounts={code: int(amount) for code, amount in row.get("amounts", {}).items()},
            )
        )
    return Annex(plan=plan, version=version, sources=sources, rows=rows)


# --- the workbook -----------------------------------------------------------------------------


def _title_lines(annex: Annex) -> list[str]:
    plan, version = annex.plan, annex.version
    lines = [_("ANNEX"), plan.title]
    if version is not None:
        attached = _("(Attached to decision No. %(number)s dated %(date)s)") % {
            "number": version.decision_number,
            "date": version.decision_date.strftime(DATE_FORMAT),
        }
        if plan.approved_by:
            attached = _("(Attached to decision No. %(number)s dated %(date)s of %(body)s)") % {
                "number": version.decision_number,
                "date": version.decision_date.strftime(DATE_FORMAT),
                "body": plan.approved_by,
            }
        lines.append(attached)
    lines.append(
        _("Province: %(province)s — Year: %(year)d")
        % {"province": plan.province.name, "year": plan.year}
    )
    if version is None:
        lines.append(
            _("Current list, not approved (status: %(status)s)")
            % {"status": plan.get_status_display()}
        )
    elif version.number == 1:
        lines.append(_("Version 1 (as approved)"))
    else:
        lines.append(
            _("Version %(number)d (amendment: %(reason)s)")
            % {"number": version.number, "reason": version.reason or "—"}
        )
    return lines


def headers(annex: Annex) -> list[str]:
    return [
        _("No."),
        _("Activity content"),
        _("Project code"),
        _("Project title"),
        _("Lead unit"),
        _("Beneficiaries"),
        _("Places"),
        _("Schedule (planned start - end)"),
        *(name for _code, name in annex.sources),
        _("Total"),
    ]


def write_xlsx(annex: Annex) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Annex")[:31]
    header = headers(annex)
    width = len(header)
    last = get_column_letter(width)
    row_number = 0
    for index, text in enumerate(_title_lines(annex)):
        row_number += 1
        sheet.cell(row=row_number, column=1, value=text)
        sheet.merge_cells(f"A{row_number}:{last}{row_number}")
        cell = sheet.cell(row=row_number, column=1)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.font = Font(bold=index < 2, italic=index >= 2, size=13 if index < 2 else 11)
    row_number += 1
    unit = sheet.cell(row=row_number, column=width, value=_("Unit: VND"))
    unit.alignment = Alignment(horizontal="right")
    unit.font = Font(italic=True)

    row_number += 1
    header_row = row_number
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(row=row_number, column=column, value=text)
        cell.font = BOLD
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    first_money = 9
    for row in annex.rows:
        row_number += 1
        values = [
            row.number,
            row.content,
            row.code,
            row.title,
            row.lead_unit,
            row.beneficiaries,
            row.places,
            row.schedule,
            *(row.amounts.get(code) for code, _name in annex.sources),
            row.total,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            cell.border = BOX
            cell.alignment = Alignment(vertical="top", wrap_text=column < first_money)
            if column >= first_money:
                cell.number_format = MONEY_FORMAT
    row_number += 1
    totals = annex.totals
    total_values = [
        None,
        _("Total"),
        None,
        ngettext("%(count)d project", "%(count)d projects", len(annex.rows))
        % {"count": len(annex.rows)},
        None,
        None,
        None,
        None,
        *(totals[code] for code, _name in annex.sources),
        annex.total,
    ]
    for column, value in enumerate(total_values, start=1):
        cell = sheet.cell(row=row_number, column=column, value=value)
        cell.font = BOLD
        cell.border = BOX
        if column >= first_money:
            cell.number_format = MONEY_FORMAT
    row_number += 1
    state = sum(totals.get(code, 0) for code in ("national", "local"))
    sheet.cell(
        row=row_number,
        column=2,
        value=_("State support in words: %(words)s.") % {"words": vnd_in_words(state)},
    ).font = Font(italic=True)

    widths = [6, 30, 16, 40, 24, 30, 30, 24] + [16] * (width - 8)
    for column, size in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = size
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(annex: Annex) -> str:
    plan = annex.plan
    suffix = f"v{annex.version.number}" if annex.version is not None else "hien-tai"
    return f"phu-luc-ke-hoach-{plan.year}-{plan.kind}-{plan.pk}-{suffix}.xlsx"
