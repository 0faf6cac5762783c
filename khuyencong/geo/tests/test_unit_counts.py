"""The loaded data has the official numbers of units before and since 1/7/2025."""

import pytest

from khuyencong.geo.models import Commune, District, Province

pytestmark = pytest.mark.django_db


def test_34_provinces_and_3321_communes_today():
    assert Province.objects.current().count() == 34
    assert Commune.objects.current().count() == 3321


def test_63_provinces_with_districts_and_communes_before_the_reform():
    assert Province.objects.before_reform().count() == 63
    assert District.objects.before_reform().count() == 696
    assert Commune.objects.before_reform().count() == 10035


def test_no_district_level_today():
    assert District.objects.current().count() == 0
    assert not Commune.objects.current().filter(district__isnull=False).exists()


def test_every_unit_is_in_one_era():
    for model in (Province, District, Commune):
        total = model.objects.count()
        assert total == model.objects.current().count() + model.objects.before_reform().count()


def test_six_plus_three_centrally_run_cities_today():
    """Six cities on 1/7/2025; Đồng Nai, Quảng Ninh and Bắc Ninh became cities in 2026."""
    cities = Province.objects.current().filter(kind=Province.Kind.CITY)
    assert set(cities.values_list("code", flat=True)) == {
        "01",
        "22",
        "24",
        "31",
        "46",
        "48",
        "75",
        "79",
        "92",
    }


def test_current_communes_are_communes_wards_or_special_zones():
    kinds = set(Commune.objects.current().values_list("kind", flat=True))
    assert kinds == {Commune.Kind.COMMUNE, Commune.Kind.WARD, Commune.Kind.SPECIAL_ZONE}
    assert Commune.objects.current().filter(kind=Commune.Kind.SPECIAL_ZONE).count() == 13
