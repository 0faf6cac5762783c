"""The docx renderer: a report in the layout of a Vietnamese administrative document (Nghị định
30/2020/NĐ-CP): the two-column header (issuing body | Quốc hiệu and Tiêu ngữ, number | place and
date), "BÁO CÁO" and the title, the body (sections, paragraphs, tables in million VND with
Vietnamese separators, totals bold, the header row repeated on every page), the checks that do
not agree, the totals in words, then "Nơi nhận" and the signature block. Times New Roman 13 pt,
A4 with the margins of the decree. A pure function of (result, letterhead)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from khuyencong.core.formatting import format_number, million_vnd, vnd_in_words
from khuyencong.reports.data import MILLION, TEXT, Check, ReportResult, Table, display
from khuyencong.reports.letterhead import Letterhead
from khuyencong.reports.registry import renderer

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
WIDE_TABLE = 6  # columns from which a table is printed in a smaller font
# The elements that follow w:pBdr in w:pPr and w:tblBorders in w:tblPr (the schema's order,
# which Word insists on).
AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
AFTER_TBLBORDERS = (
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)  # fmt: skip


def _fonts(element) -> None:
    """Times New Roman for every script (Vietnamese letters are "complex" in some Words)."""
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _paragraph(
    container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align=None,
    space_after: float = 0,
    indent: bool = False,
):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    if indent:
        fmt.first_line_indent = Cm(1)
    return paragraph


def _rule(container, width_cm: float, cell_width_cm: float) -> None:
    """A short horizontal line under a centred heading: a paragraph border between indents."""
    paragraph = container.add_paragraph()
    side = max((cell_width_cm - width_cm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Cm(side)
    fmt.right_indent = Cm(side)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(4)
    run = paragraph.add_run()
    run.font.size = Pt(2)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.insert_element_before(borders, *AFTER_PBDR)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *AFTER_TBLBORDERS)


def _widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)


def _cell_text(cell, text: str, *, bold: bool = False, align=None, size: float = 11) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)


def _header(document, letterhead: Letterhead, width_cm: float) -> None:
    left_cm, right_cm = 6.3, width_cm - 6.3
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, [left_cm, right_cm])
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    centre = WD_ALIGN_PARAGRAPH.CENTER
    if letterhead.issuer_parent:
        run = first.add_run(letterhead.issuer_parent)
        run.font.size = Pt(12)
        first.alignment = centre
        _paragraph(left, letterhead.issuer, bold=True, size=12, align=centre)
    else:
        run = first.add_run(letterhead.issuer)
        run.bold = True
        run.font.size = Pt(12)
        first.alignment = centre
    _rule(left, 2.0, left_cm)
    _paragraph(left, letterhead.number_line, size=13, align=centre)

    motto = right.paragraphs[0]
    run = motto.add_run(QUOC_HIEU)
    run.bold = True
    run.font.size = Pt(12)
    motto.alignment = centre
    _paragraph(right, TIEU_NGU, bold=True, size=13, align=centre)
    _rule(right, 5.5, right_cm)
    _paragraph(right, letterhead.date_line, italic=True, size=13, align=centre)


def _table(document, table: Table, size: float) -> None:
    _paragraph(document, table.title, bold=True, size=13, space_after=3)
    if not table.rows:
        _paragraph(document, table.empty_text or _("No data."), italic=True, space_after=6)
        return
    rows = list(table.rows) + ([table.total] if table.total else [])
    grid = document.add_table(rows=1 + len(rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = grid.rows[0]
    _repeat_header(head)
    for cell, column in zip(head.cells, table.columns, strict=True):
        _cell_text(cell, column.label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
    for index, row in enumerate(rows, start=1):
        is_total = table.total is not None and index == len(rows)
        for cell, column in zip(grid.rows[index].cells, table.columns, strict=True):
            _cell_text(
                cell,
                display(column.kind, row.get(column.key)),
                bold=is_total,
                align=None if column.kind == TEXT else WD_ALIGN_PARAGRAPH.RIGHT,
                size=size,
            )
    if table.note:
        _paragraph(document, table.note, italic=True, size=11, space_after=6)
    else:
        _paragraph(document, space_after=6)


def _check_value(check: Check, value) -> str:
    return million_vnd(value, 1) if check.kind == MILLION else format_number(value, 0)


def _checks(document, result: ReportResult, number: str) -> None:
    if not result.checks:
        return
    heading = _("Checks of the figures")
    _paragraph(document, f"{number}. {heading}", bold=True, space_after=3)
    failed = result.failed_checks
    if not failed:
        _paragraph(
            document,
            _("All %(count)s checks of these figures agree.") % {"count": len(result.checks)},
            indent=True,
            space_after=6,
        )
        return
    _paragraph(
        document,
        _("%(failed)s of %(count)s checks of these figures do not agree:")
        % {"failed": len(failed), "count": len(result.checks)},
        indent=True,
        space_after=3,
    )
    grid = document.add_table(rows=1 + len(failed), cols=4)
    grid.style = "Table Grid"
    labels = [_("Check"), _("Expected"), _("Found"), _("Difference")]
    _repeat_header(grid.rows[0])
    for cell, label in zip(grid.rows[0].cells, labels, strict=True):
        _cell_text(cell, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row, check in zip(grid.rows[1:], failed, strict=True):
        values = [check.label] + [
            _check_value(check, v) for v in (check.expected, check.actual, check.difference)
        ]
        for position, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            _cell_text(cell, value, align=WD_ALIGN_PARAGRAPH.RIGHT if position else None)
    _widths(grid, [8.0, 2.7, 2.7, 2.6])
    _paragraph(document, space_after=6)


def _closing(document, letterhead: Letterhead, width_cm: float) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [width_cm / 2, width_cm / 2])
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    run = heading.add_run("Nơi nhận:")
    run.bold = True
    run.italic = True
    run.font.size = Pt(12)
    for recipient in letterhead.recipients:
        _paragraph(left, f"- {recipient}", size=11)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    lines = letterhead.signer_lines
    first = right.paragraphs[0]
    first.alignment = centre
    run = first.add_run(lines[0])
    run.bold = True
    run.font.size = Pt(13)
    for line in lines[1:]:
        _paragraph(right, line, bold=True, size=13, align=centre)
    for _blank in range(4):
        _paragraph(right, size=13)
    _paragraph(right, letterhead.signer_name, bold=True, size=13, align=centre)


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def build(result: ReportResult, letterhead: Letterhead):
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    _fonts(normal.element)
    normal.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    _page_number_footer(section)
    width_cm = 16.0
    core = document.core_properties
    core.title = result.title
    core.subject = result.subtitle
    core.author = letterhead.issuer
    core.language = "vi-VN"

    _header(document, letterhead, width_cm)
    _paragraph(document, space_after=6)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, "BÁO CÁO", bold=True, size=14, align=centre)
    _paragraph(document, result.document_title or result.title, bold=True, size=14, align=centre)
    _paragraph(document, result.subtitle, bold=True, size=13, align=centre)
    _rule(document, 3.0, width_cm)
    details = "; ".join(f"{label}: {value}" for label, value in result.parameters)
    if details:
        _paragraph(document, details, italic=True, size=12, align=centre, space_after=12)

    if result.empty:
        _paragraph(document, result.empty_text, indent=True, space_after=6)
    number = 0
    for section_data in result.sections:
        if not (section_data.paragraphs or section_data.tables):
            continue
        number += 1
        heading = f"{ROMAN[number - 1] if number <= len(ROMAN) else number}. {section_data.title}"
        _paragraph(document, heading, bold=True, space_after=3)
        for text in section_data.paragraphs:
            paragraph = _paragraph(document, text, indent=True, space_after=3)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for table in section_data.tables:
            _table(document, table, 11 if len(table.columns) < WIDE_TABLE else 10)
    for label, amount in result.amounts_in_words:
        _paragraph(
            document,
            f"{label}: {million_vnd(amount, 1)} " + _("million VND") + ".",
            bold=True,
            indent=True,
        )
        _paragraph(document, f"Bằng chữ: {vnd_in_words(amount)}.", italic=True, indent=True)
    if result.amounts_in_words:
        _paragraph(document, space_after=6)
    number += 1
    _checks(document, result, ROMAN[number - 1] if number <= len(ROMAN) else str(number))
    _paragraph(document, space_after=6)
    _closing(document, letterhead, width_cm)
    return document


@renderer("docx", DOCX_TYPE, "docx", gettext_lazy("Word"), order=20, official=True)
def render_docx(result: ReportResult, letterhead: Letterhead) -> bytes:
    buffer = io.BytesIO()
    build(result, letterhead).save(buffer)
    return buffer.getvalue()
