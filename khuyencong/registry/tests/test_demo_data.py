"""The demo data loads through the services: every kind, old units, gaps in coverage."""

import pytest

from khuyencong.core.demo import load_demo
from khuyencong.registry.models import Collaborator, CraftVillage, Establishment

pytestmark = pytest.mark.django_db


def test_demo_loads_establishments_of_every_kind_with_old_units_and_revenues():
    load_demo()
    establishments = Establishment.objects.all()
    assert establishments.count() >= 30
    assert set(establishments.values_list("kind__code", flat=True)) == {
        "enterprise",
        "cooperative",
        "cooperative_union",
        "cooperative_group",
        "household_business",
    }
    lat_duong = Establishment.objects.get(name="HTX làng nghề chiếu cói Lật Dương")
    assert lat_duong.province.name == "Hải Phòng"
    assert lat_duong.district_then.name == "Tiên Lãng"
    assert Establishment.objects.get(name="Công ty TNHH Thương mại Dũng Hồng").district_then
    assert Establishment.objects.filter(province__name="Hưng Yên", province_then__name="Thái Bình")
    assert Establishment.objects.filter(province__name="Bắc Ninh", province_then__name="Bắc Giang")
    assert all(len(e.tax_code) in (0, 10) for e in establishments)
    assert Establishment.objects.filter(revenues__year=2021).distinct().count() >= 30
    assert CraftVillage.objects.count() >= 5
    hung_yen = Collaborator.objects.filter(province__name="Hưng Yên")
    assert hung_yen.count() >= 3
    assert hung_yen.filter(user__username="congtacvien.hungyen").exists()
