"""Lookup by name ignores diacritics, case and prefixes, and reads "unit, parent"."""

import pytest

from khuyencong.geo.models import Commune, District, Province
from khuyencong.geo.selectors import find_units

pytestmark = pytest.mark.django_db


def test_district_with_its_province():
    [unit] = find_units("Huyện Tiên Lãng, Hải Phòng")
    assert isinstance(unit, District)
    assert (unit.name, unit.province.name, unit.is_current) == ("Tiên Lãng", "Hải Phòng", False)


def test_text_without_diacritics_finds_the_old_province_first():
    unit = find_units("thai binh")[0]
    assert isinstance(unit, Province)
    assert (unit.code, unit.is_current) == ("34", False)


@pytest.mark.parametrize("text", ["Huyện Thuỷ Nguyên", "Huyện Thủy Nguyên", "huyen thuy nguyen"])
def test_tone_mark_spelling_variants(text):
    unit = find_units(text)[0]
    assert isinstance(unit, District)
    assert unit.code == "311"


def test_name_without_prefix_ranks_the_district_before_communes():
    results = find_units("Vĩnh Bảo")
    assert isinstance(results[0], District)
    assert results[0].code == "316"
    assert any(isinstance(u, Commune) and u.is_current for u in results)


def test_prefix_restricts_the_level():
    assert all(isinstance(u, Commune) for u in find_units("Xã Vĩnh Bảo"))
    assert all(isinstance(u, Province) for u in find_units("Tỉnh Thái Bình"))


def test_prefix_kind_ranks_first():
    assert find_units("Thị xã Kỳ Anh")[0].kind == District.Kind.TOWN
    assert find_units("Huyện Kỳ Anh")[0].kind == District.Kind.RURAL_DISTRICT
    assert isinstance(find_units("Thành phố Hải Dương")[0], District)


@pytest.mark.parametrize("text", ["TP. Hồ Chí Minh", "TP HCM", "tphcm", "Thành phố Hồ Chí Minh"])
def test_city_prefixes_and_aliases(text):
    unit = find_units(text)[0]
    assert isinstance(unit, Province)
    assert unit.code == "79"
    assert unit.is_current


def test_prefix_typed_without_diacritics_may_be_part_of_a_name():
    """'quan' is the Quận prefix or the start of Quan Hóa: both readings are tried."""
    assert find_units("quan hoa")[0].name == "Quan Hóa"
    assert find_units("quan 1")[0].name == "1"


def test_era_and_level_filters():
    assert all(u.is_current for u in find_units("Hải Phòng", era="current"))
    assert all(not u.is_current for u in find_units("Hải Phòng", era="before_reform"))
    assert all(isinstance(u, Commune) for u in find_units("Thái Bình", level="commune"))


def test_commune_district_province_chain():
    [unit] = find_units("Thị trấn Tiên Lãng, Huyện Tiên Lãng, Hải Phòng")
    assert isinstance(unit, Commune)
    assert unit.kind == Commune.Kind.TOWNLET


def test_current_commune_with_its_province():
    [unit] = find_units("Phường Việt Hòa, Hải Phòng")
    assert (unit.code, unit.kind, unit.is_current) == ("10543", Commune.Kind.WARD, True)


def test_hyphenated_name_without_hyphen():
    assert find_units("Bà Rịa Vũng Tàu")[0].code == "77"


def test_unknown_or_empty_text():
    assert find_units("") == []
    assert find_units(" , ") == []
    assert find_units("Không Có Nơi Này") == []


def test_limit_and_query_count(django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        results = find_units("an", limit=5)
    assert len(results) == 5
