"""What a cell names, looked up in memory (`importexport.lookups`): the province of the time and
the place of the time decide before the kind and the diacritics written, and a name that fits an
old district's unit better than today's is read as the old one — as the lookups in the tables
read them before."""

import datetime

import pytest

from khuyencong.core.importexport.memo import lookups_remembered
from khuyencong.geo.models import Commune, District, Province
from khuyencong.projects.importexport.lookups import find_place, find_province_then

pytestmark = pytest.mark.django_db


def _today(name: str) -> Province:
    return Province.objects.current().get(name=name)


def _then(name: str) -> Province:
    return Province.objects.before_reform().get(name=name)


@pytest.fixture(autouse=True)
def _in_an_import():
    with lookups_remembered():
        yield


@pytest.mark.parametrize(
    ("text", "day", "then"),
    [
        ("Tỉnh Bắc Ninh", datetime.date(2025, 8, 1), None),
        ("Bắc Ninh", datetime.date(2025, 8, 1), None),
        ("Thành phố Bắc Ninh", datetime.date(2010, 5, 1), "Bắc Ninh"),
        ("Tỉnh Bắc Ninh", datetime.date(2010, 5, 1), "Bắc Ninh"),
        ("Tỉnh Bắc Giang", datetime.date(2010, 5, 1), "Bắc Giang"),
    ],
)
def test_the_date_decides_the_province_of_the_time(text, day, then):
    today, of_the_time = find_province_then(text, day=day, historical=True)
    assert today == _today("Bắc Ninh")
    assert (of_the_time.name if of_the_time else None) == then
    if of_the_time is not None:
        assert not of_the_time.is_current


def test_the_province_of_the_time_decides_before_the_diacritics():
    """Yên Bái and Lào Cai became Lào Cai; each had a commune whose name folds to "la pan tan"."""
    yen_bai = _then("Yên Bái")
    units = [
        u
        for u in Commune.objects.before_reform().filter(name_folded="la pan tan")
        if u.province_id == yen_bai.pk
    ]
    if not units:
        pytest.skip("no such commune of Yên Bái in the reference data")
    unit = find_place("Xã La Pan Tẩn", province=_today("Lào Cai"), province_then=yen_bai)
    assert unit.province_id == yen_bai.pk


def test_an_old_ward_named_with_its_city_is_the_old_ward():
    unit = find_place(
        "Phường Võ Cường, Thành phố Bắc Ninh", province=_today("Bắc Ninh"), province_then=None
    )
    assert isinstance(unit, Commune) and not unit.is_current
    assert unit.district.name == "Bắc Ninh"


def test_the_kind_written_decides_between_old_districts_of_one_name():
    ha_tinh = _today("Hà Tĩnh")
    huyen = find_place("Huyện Kỳ Anh, Hà Tĩnh", province=ha_tinh, province_then=None)
    thi_xa = find_place("Thị xã Kỳ Anh, Hà Tĩnh", province=ha_tinh, province_then=None)
    assert isinstance(huyen, District) and huyen.kind == District.Kind.RURAL_DISTRICT
    assert isinstance(thi_xa, District) and thi_xa.kind == District.Kind.TOWN
