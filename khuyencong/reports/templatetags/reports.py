from django import template

from khuyencong.core.formatting import format_number, million_vnd
from khuyencong.reports.data import DECIMAL, INT, MILLION, PERCENT, RATIO

register = template.Library()


@register.filter
def cell(row: dict, column) -> str:
    """A table cell shown the Vietnamese way for its column's kind."""
    value = row.get(column.key) if row else None
    if value is None or value == "":
        return "—" if column.kind != "text" else ""
    if column.kind == MILLION:
        return million_vnd(value, 1)
    if column.kind == INT:
        return format_number(value, 0)
    if column.kind == DECIMAL:
        return format_number(value, 2, trim=True)
    if column.kind == RATIO:
        return format_number(value, 2)
    if column.kind == PERCENT:
        return format_number(value, 1)
    return str(value)


@register.filter
def check_value(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == MILLION:
        return million_vnd(value, 1)
    return format_number(value, 0)


@register.filter
def is_number(column) -> bool:
    return column.kind != "text"
