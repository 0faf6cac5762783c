"""Totals spelled out in Vietnamese, as official documents write them."""

import pytest

from khuyencong.core.formatting import number_in_words, vnd_in_words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (25, "hai mươi lăm"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (1_005, "một nghìn không trăm linh năm"),
        (40_000_000, "bốn mươi triệu"),
        (63_000_000, "sáu mươi ba triệu"),
        (250_000_000, "hai trăm năm mươi triệu"),
        (313_000_000, "ba trăm mười ba triệu"),
    ],
)
def test_numbers(value, words):
    assert number_in_words(value) == words


def test_large_and_mixed_amounts():
    assert (
        number_in_words(19_448_500_000) == "mười chín tỷ bốn trăm bốn mươi tám triệu năm trăm nghìn"
    )
    assert number_in_words(1_000_000_000_000) == "một nghìn tỷ"
    assert number_in_words(2_000_050) == "hai triệu không trăm năm mươi"


def test_vnd_in_words_is_a_sentence():
    assert vnd_in_words(250_000_000) == "Hai trăm năm mươi triệu đồng"
