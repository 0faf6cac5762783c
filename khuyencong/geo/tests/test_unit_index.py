"""UnitIndex: `find_units` for exact names among units held in memory (an import reads a place on
every row). It finds what `find_units` ranks first for an exact name, and between units whose
names fold the same, the kind named by the prefix and the diacritics as written decide."""

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
    [unit] = _old_units_of("Hà Tĩnh").find(text)
    assert isinstance(unit, District) and unit.kind == kind and unit.name == "Kỳ Anh"


def test_without_a_prefix_both_units_of_the_name_are_found():
    units = _old_units_of("Hà Tĩnh").find("Kỳ Anh", level="district")
    assert {u.kind for u in units} == {District.Kind.RURAL_DISTRICT, District.Kind.TOWN}


def test_diacritics_as_written_decide_between_names_that_fold_the_same():
    index = _current_communes("Quảng Ngãi")
    [son_ha] = index.find("Xã Sơn Hà")
    [son_ha_low] = index.find("Xã Sơn Hạ")
    assert (son_ha.name, son_ha_low.name) == ("Sơn Hà", "Sơn Hạ")
    # Written without diacritics, the text cannot tell them apart.
    assert {u.name for u in index.find("xa son ha")} == {"Sơn Hà", "Sơn Hạ"}


def test_the_parents_after_commas_narrow_old_communes():
    index = _old_units_of("Đồng Nai")  # Bình Phước became part of Đồng Nai
    [unit] = index.find("Xã Lộc Thạnh, Huyện Lộc Ninh, Bình Phước")
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
