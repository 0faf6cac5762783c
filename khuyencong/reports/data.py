"""The plain data structure every report computes and every renderer reads: sections holding
paragraphs, tables and figures, and the reconciliation checks. Amounts stay whole VND here;
a column's `kind` tells a renderer how to show them (million VND for "million")."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# Column kinds: how a value is shown on screen and written to xlsx.
TEXT = "text"
INT = "int"  # a count
MILLION = "million"  # whole VND, shown in million VND with one decimal
DECIMAL = "decimal"  # an indicator value (may be fractional)
RATIO = "ratio"  # a ratio with two decimals (leverage)
PERCENT = "percent"  # a share in per cent, one decimal


@dataclass
class Column:
    key: str
    label: str
    kind: str = TEXT


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] | None = None
    note: str = ""
    empty_text: str = ""


@dataclass
class Figure:
    """A bar chart: categories on one axis and one or more series of numbers."""

    key: str
    title: str
    categories: list[str]
    series: list[dict[str, Any]]
    unit: str = ""


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Check:
    """One reconciliation: two numbers that must agree. A difference is shown, never hidden."""

    label: str
    expected: int | Decimal
    actual: int | Decimal
    kind: str = INT
    url: str = ""
    expected_label: str = ""
    actual_label: str = ""

    @property
    def ok(self) -> bool:
        return self.expected == self.actual

    @property
    def difference(self) -> int | Decimal:
        return self.actual - self.expected


@dataclass
class ReportResult:
    slug: str
    title: str
    subtitle: str
    document_title: str = ""  # the subject under "BÁO CÁO" in a Word or PDF document
    parameters: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    empty: bool = False
    empty_text: str = ""
    # Totals an official document spells out in words: (label, whole VND).
    amounts_in_words: list[tuple[str, int]] = field(default_factory=list)

    @property
    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def table(self, key: str) -> Table:
        return next(t for s in self.sections for t in s.tables if t.key == key)

    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]


def display(kind: str, value: Any) -> str:
    """A value shown the Vietnamese way for its column's kind (the page, docx and pdf agree):
    million VND with one decimal (1.234,5), counts 1.234, ratios 1,25, per cent 12,5."""
    from khuyencong.core.formatting import format_number, million_vnd

    if value is None or value == "":
        return "" if kind == TEXT else "—"
    if kind == MILLION:
        return million_vnd(value, 1)
    if kind == INT:
        return format_number(value, 0)
    if kind == DECIMAL:
        return format_number(value, 2, trim=True)
    if kind == RATIO:
        return format_number(value, 2)
    if kind == PERCENT:
        return format_number(value, 1)
    return str(value)


def million(vnd: int | None) -> Decimal | None:
    """Whole VND as million VND, exactly (rounding is the renderer's job)."""
    if vnd is None:
        return None
    return Decimal(vnd) / Decimal(1_000_000)


def share(part: int | Decimal | None, whole: int | Decimal | None) -> Decimal | None:
    """part / whole in per cent with one decimal; None when the whole is zero."""
    if not whole or part is None:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def ratio(part: int | None, whole: int | None) -> Decimal | None:
    if not whole or part is None:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.01"))
