"""UnitIndex: `find_units` for exact names among units held in memory (an import reads a place on
every row). It finds what `find_units` ranks first for an exact name; between units whose names
fold the same, `decide` keeps those named best: the kind named by the prefix, then the diacritics
as written."""

import pytest

from khuyencong.geo.models import Commune, District, Province, ProvinceSuccession
from khuyencong.geo.selectors import UnitIndex, find_units

pytestmark = pytest.mark.django_db


def _old_units_of(province_name: str) -> UnitIndex:
    today = Province.objects.current().get(name=province_name)
    old = ProvinceSuccession.objects.filter(new=today).values("old_id")
    return UnitIndex(
        [
            *District.objects.before_reform().filter(province__in=old).select_related("province"),
            *Commune.objects.before_reform()
            .filter(province__in=old)
            .select_related("province", "district"),
        ]
    )


def _named(index: UnitIndex, text: str) -> list:
    """What an import keeps: the units found, then those the text names best."""
    return index.decide(text, index.find(text))


def _current_communes(province_name: str) -> UnitIndex:
    return UnitIndex(
        Commune.objects.current()
        .filter(province__name=province_name)
        .select_related("province", "district")
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Huyện Kỳ Anh, Hà Tĩnh", District.Kind.RURAL_DISTRICT),
        ("Thị xã Kỳ Anh, Hà Tĩnh", District.Kind.TOWN),
        ("Huyện Kỳ Anh", District.Kind.RURAL_DISTRICT),
    ],
)
def test_the_kind_the_prefix_names_decides_between_units_of_one_name(text, kind):
    found = _old_units_of("Hà Tĩnh").find(text)
    assert len(found) == 2  # both are found; the kind decides
    [unit] = _named(_old_units_of("Hà Tĩnh"), text)
    assert isinstance(unit, District) and unit.kind == kind and unit.name == "Kỳ Anh"


def test_without_a_prefix_both_units_of_the_name_are_found():
    units = _old_units_of("Hà Tĩnh").find("Kỳ Anh", level="district")
    assert {u.kind for u in units} == {District.Kind.RURAL_DISTRICT, District.Kind.TOWN}


def test_diacritics_as_written_decide_between_names_that_fold_the_same():
    index = _current_communes("Quảng Ngãi")
    [son_ha] = _named(index, "Xã Sơn Hà")
    [son_ha_low] = _named(index, "Xã Sơn Hạ")
    assert (son_ha.name, son_ha_low.name) == ("Sơn Hà", "Sơn Hạ")
    # Written without diacritics, the text cannot tell them apart.
    assert {u.name for u in _named(index, "xa son ha")} == {"Sơn Hà", "Sơn Hạ"}


def test_the_parents_after_commas_narrow_old_communes():
    index = _old_units_of("Đồng Nai")  # Bình Phước became part of Đồng Nai
    [unit] = _named(index, "Xã Lộc Thạnh, Huyện Lộc Ninh, Bình Phước")
    assert (unit.name, unit.district.name, unit.province.name) == (
        "Lộc Thạnh",
        "Lộc Ninh",
        "Bình Phước",
    )
    assert index.find("Xã Lộc Thạnh, Huyện Bù Đốp") == []


def test_partial_names_are_not_found_and_levels_are_kept():
    index = _old_units_of("Hà Tĩnh")
    assert index.find("Kỳ") == []
    assert all(isinstance(u, Commune) for u in index.find("Xã Kỳ Lạc"))
    assert index.find("Xã Kỳ Anh") == [] or all(
        isinstance(u, Commune) for u in index.find("Xã Kỳ Anh")
    )


@pytest.mark.parametrize(
    "text",
    [
        "Huyện Tiên Lãng, Hải Phòng",
        "Thị xã Kỳ Anh",
        "Huyện Thủy Nguyên",
        "Thị trấn Lạc Dương",
        "Xã Lạc Dương",
    ],
)
def test_it_finds_what_find_units_ranks_first_for_an_exact_name(text):
    index = UnitIndex(
        [
            *Province.objects.all(),
            *District.objects.select_related("province"),
            *Commune.objects.select_related("province", "district").filter(name="Lạc Dương"),
        ]
    )
    assert index.find(text)[0] == find_units(text)[0]


def test_an_alias_names_its_province_and_a_ward_of_that_name_is_still_found():
    """ "Sài Gòn" is Hồ Chí Minh City, but since 1/7/2025 also one of its wards."""
    assert isinstance(find_units("Sài Gòn")[0], Province)
    assert isinstance(find_units("TP HCM")[0], Province)
    [ward] = find_units("Phường Sài Gòn")
    assert isinstance(ward, Commune) and ward.is_current and ward.name == "Sài Gòn"
    index = UnitIndex(Commune.objects.current().filter(name="Sài Gòn").select_related("province"))
    assert index.find("Phường Sài Gòn") == [ward]
