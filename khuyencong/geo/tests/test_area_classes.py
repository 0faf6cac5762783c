"""A commune's area classes on a day: its own tags and its province's whole-province tags."""

import datetime

import pytest

from khuyencong.geo.models import AreaClass, AreaClassTag, Commune
from khuyencong.geo.selectors import area_classes_of

pytestmark = pytest.mark.django_db


def test_commune_and_province_tags_in_force_on_a_day():
    commune = Commune.objects.current().get(code="10543")
    other = Commune.objects.current().filter(province=commune.province).exclude(pk=commune.pk)[0]
    island, difficult, border = (
        AreaClass.objects.get(code=c) for c in ("island", "difficult", "border")
    )
    AreaClassTag.objects.create(
        area_class=island,
        province=commune.province,
        commune=commune,
        valid_from=datetime.date(2025, 7, 1),
    )
    AreaClassTag.objects.create(
        area_class=difficult,
        province=commune.province,
        valid_from=datetime.date(2025, 7, 1),
        valid_to=datetime.date(2025, 12, 31),
    )
    AreaClassTag.objects.create(
        area_class=border,
        province=commune.province,
        commune=other,
        valid_from=datetime.date(2025, 7, 1),
    )
    assert set(area_classes_of(commune, datetime.date(2025, 8, 1))) == {difficult, island}
    assert list(area_classes_of(commune, datetime.date(2026, 1, 1))) == [island]
    assert list(area_classes_of(commune, datetime.date(2025, 6, 30))) == []
