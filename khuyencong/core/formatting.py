"""Numbers and money the Vietnamese way: 19.448,5 triệu đồng; 250.000.000 đ.

Money is whole VND in integer fields. These functions only present it; they never round stored
values. The separators are Vietnamese in both interface languages, as in the source reports.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MILLION = 1_000_000


def format_number(
    value: int | float | Decimal | None, decimals: int = 0, *, trim: bool = False
) -> str:
    """1234567.891 -> '1.234.567,89' (decimals=2). trim=True drops a zero fractional part."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    if fraction and not (trim and set(fraction) == {"0"}):
        if trim:
            fraction = fraction.rstrip("0")
        text = f"{text},{fraction}"
    return sign + text


def million_vnd(vnd: int | None, decimals: int = 1, *, trim: bool = False) -> str:
    """Whole VND shown in million VND: 19_448_500_000 -> '19.448,5'."""
    if vnd is None:
        return ""
    return format_number(Decimal(vnd) / MILLION, decimals, trim=trim)


def vnd(value: int | None) -> str:
    """Whole VND with the đồng sign: 250000000 -> '250.000.000 đ'."""
    if value is None:
        return ""
    return f"{format_number(value)} đ"
