"""The pdf renderer: the same administrative layout as the docx (see `word`), drawn by WeasyPrint
from `reports/pdf/report.html`: A4, Times New Roman or a metric-compatible font with every
Vietnamese diacritic (Liberation Serif 2.x, Tinos, Noto Serif), page numbers, tables that break
across pages with their header row repeated. A pure function of (result, letterhead)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.core.formatting import format_number, million_vnd, vnd_in_words
from khuyencong.reports.data import MILLION, TEXT, Check, ReportResult, Table, display
from khuyencong.reports.letterhead import Letterhead
from khuyencong.reports.registry import renderer
from khuyencong.reports.word import QUOC_HIEU, ROMAN, TIEU_NGU

PDF_TYPE = "application/pdf"


def _numeral(number: int) -> str:
    return ROMAN[number - 1] if number <= len(ROMAN) else str(number)


def _table(table: Table) -> dict:
    def cells(row: dict) -> list[dict]:
        return [
            {"text": display(c.kind, row.get(c.key)), "number": c.kind != TEXT}
            for c in table.columns
        ]

    return {
        "title": table.title,
        "columns": [{"label": c.label, "number": c.kind != TEXT} for c in table.columns],
        "rows": [cells(row) for row in table.rows],
        "total": cells(table.total) if table.total and table.rows else None,
        "note": table.note,
        "empty_text": table.empty_text or _("No data."),
        "wide": len(table.columns) >= 6,
    }


def _check(check: Check) -> dict:
    def shown(value) -> str:
        return million_vnd(value, 1) if check.kind == MILLION else format_number(value, 0)

    return {
        "label": check.label,
        "expected": shown(check.expected),
        "actual": shown(check.actual),
        "difference": shown(check.difference),
    }


def context(result: ReportResult, letterhead: Letterhead) -> dict:
    sections = []
    for section in result.sections:
        if not (section.paragraphs or section.tables):
            continue
        sections.append(
            {
                "heading": f"{_numeral(len(sections) + 1)}. {section.title}",
                "paragraphs": section.paragraphs,
                "tables": [_table(t) for t in section.tables],
            }
        )
    failed = result.failed_checks
    checks = None
    if result.checks:
        checks = {
            "heading": f"{_numeral(len(sections) + 1)}. " + _("Checks of the figures"),
            "failed": [_check(c) for c in failed],
            "summary": (
                _("%(failed)s of %(count)s checks of these figures do not agree:")
                % {"failed": len(failed), "count": len(result.checks)}
                if failed
                else _("All %(count)s checks of these figures agree.")
                % {"count": len(result.checks)}
            ),
        }
    return {
        "result": result,
        "letterhead": letterhead,
        "quoc_hieu": QUOC_HIEU,
        "tieu_ngu": TIEU_NGU,
        "details": "; ".join(f"{label}: {value}" for label, value in result.parameters),
        "sections": sections,
        "amounts": [
            {
                "label": label,
                "million": f"{million_vnd(amount, 1)} " + _("million VND"),
                "words": vnd_in_words(amount),
            }
            for label, amount in result.amounts_in_words
        ],
        "checks": checks,
        "labels": {
            "check": _("Check"),
            "expected": _("Expected"),
            "found": _("Found"),
            "difference": _("Difference"),
        },
    }


def html(result: ReportResult, letterhead: Letterhead) -> str:
    return render_to_string("reports/pdf/report.html", context(result, letterhead))


@renderer("pdf", PDF_TYPE, "pdf", gettext_lazy("PDF"), order=30, official=True)
def render_pdf(result: ReportResult, letterhead: Letterhead) -> bytes:
    from weasyprint import HTML  # slow to import: only when a pdf is asked for

    return HTML(string=html(result, letterhead)).write_pdf()
