from decimal import Decimal

from khuyencong.core.formatting import format_number, million_vnd, vnd


def test_million_vnd_uses_vietnamese_separators():
    assert million_vnd(19_448_500_000) == "19.448,5"
    assert million_vnd(99_216_000_000, decimals=0) == "99.216"
    assert million_vnd(250_000_000) == "250,0"
    assert million_vnd(250_000_000, trim=True) == "250"


def test_rounds_half_up_and_keeps_sign():
    assert million_vnd(1_250_000, decimals=0) == "1"
    assert million_vnd(1_500_000, decimals=0) == "2"
    assert format_number(-1234567.891, 2) == "-1.234.567,89"
    assert format_number(Decimal("0.05"), 1) == "0,1"


def test_vnd_and_empty_values():
    assert vnd(250_000_000) == "250.000.000 đ"
    assert vnd(None) == ""
    assert million_vnd(None) == ""
    assert format_number(0) == "0"
