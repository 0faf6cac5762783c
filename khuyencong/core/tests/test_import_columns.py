"""Reading single cells: Vietnamese number and date conventions, clear messages otherwise."""

import datetime

import pytest

from khuyencong.core.importexport.columns import (
    BooleanColumn,
    CellError,
    ChoiceColumn,
    DateColumn,
    IntegerColumn,
    TextColumn,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1234567, 1234567),
        (1234567.0, 1234567),
        ("1234567", 1234567),
        ("1.234.567", 1234567),
        (" 250.000.000 ", 250000000),
        ("0", 0),
    ],
)
def test_integers_accept_vietnamese_thousand_separators(raw, expected):
    assert IntegerColumn("n", "Số").read(raw, {}) == expected


@pytest.mark.parametrize("raw", ["1,5", "12.5", 12.5, "1.23.4", "abc", "1,234,567"])
def test_ambiguous_or_wrong_numbers_get_a_clear_message(raw):
    with pytest.raises(CellError, match=r"số nguyên|1\.234\.567"):
        IntegerColumn("n", "Số").read(raw, {})


def test_integer_bounds_and_required():
    with pytest.raises(CellError):
        IntegerColumn("n", "Số", minimum=0).read(-1, {})
    with pytest.raises(CellError, match="bắt buộc"):
        IntegerColumn("n", "Số", required=True).read("", {})
    assert IntegerColumn("n", "Số").read(None, {}) is None


@pytest.mark.parametrize(
    "raw",
    [
        "05/03/2024",
        "5/3/2024",
        "05-03-2024",
        "2024-03-05",
        datetime.datetime(2024, 3, 5, 0, 0),
        datetime.date(2024, 3, 5),
    ],
)
def test_dates_in_text_are_read_day_first(raw):
    assert DateColumn("d", "Ngày").read(raw, {}) == datetime.date(2024, 3, 5)


@pytest.mark.parametrize("raw", ["31/02/2024", "2024/13/01", "tháng 3", "45356"])
def test_impossible_dates_get_a_clear_message(raw):
    with pytest.raises(CellError, match="dd/mm/yyyy"):
        DateColumn("d", "Ngày").read(raw, {})


def test_text_booleans_and_choices():
    assert TextColumn("t", "Tên").read("  Hợp   tác xã  ", {}) == "Hợp tác xã"
    assert TextColumn("t", "Tên").read("'=SUM(A1)", {}) == "=SUM(A1)"
    with pytest.raises(CellError):
        TextColumn("t", "Tên", max_length=3).read("dài quá", {})
    assert BooleanColumn("b", "Có?").read("Có", {}) is True
    assert BooleanColumn("b", "Có?").read("khong", {}) is False
    with pytest.raises(CellError):
        BooleanColumn("b", "Có?").read("có lẽ", {})
    kind = ChoiceColumn("k", "Loại", choices=[("coop", "Hợp tác xã"), ("hkd", "Hộ kinh doanh")])
    assert kind.read("hop tac xa", {}) == "coop"
    assert kind.read("hkd", {}) == "hkd"
    with pytest.raises(CellError, match="Hợp tác xã; Hộ kinh doanh"):
        kind.read("Doanh nghiệp", {})
