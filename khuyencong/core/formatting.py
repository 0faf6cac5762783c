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


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ("", "nghìn", "triệu", "tỷ")


def _three_digits(number: int, *, leading: bool) -> list[str]:
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def number_in_words(value: int) -> str:
    """A whole number read out in Vietnamese: 250_000_000 -> 'hai trăm năm mươi triệu'.

    Groups of three digits are read with their scale (nghìn, triệu, tỷ, then nghìn tỷ, …);
    groups of zeros are left out, as in official documents."""
    if value == 0:
        return _DIGITS[0]
    if value < 0:
        return "âm " + number_in_words(-value)
    groups = []
    while value:
        value, group = divmod(value, 1000)
        groups.append(group)
    words: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        group = groups[index]
        if not group:
            continue
        words += _three_digits(group, leading=index == top)
        scale_words = []
        level = index
        while level >= 3:  # beyond tỷ: nghìn tỷ, triệu tỷ, tỷ tỷ …
            scale_words.insert(0, _SCALES[3])
            level -= 3
        if level:
            scale_words.insert(0, _SCALES[level])
        words += scale_words
    return " ".join(words)


def vnd_in_words(value: int) -> str:
    """'Hai trăm năm mươi triệu đồng': a total spelled out for an official document."""
    text = f"{number_in_words(value)} đồng"
    return text[:1].upper() + text[1:]
