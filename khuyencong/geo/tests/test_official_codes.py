"""Units carry the statistics office's (GSO) codes, as published in vietnamadminunits."""

import pytest

from khuyencong.geo.models import Commune, District, Province

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "old_code", "new_code"),
    [
        ("Hà Nội", "01", "01"),
        ("Hải Phòng", "31", "31"),
        ("Thái Bình", "34", None),
        ("Hưng Yên", "33", "33"),
        ("Đắk Lắk", "66", "66"),
        # The new Bắc Ninh (with Bắc Giang) took Bắc Giang's code 24.
        ("Bắc Ninh", "27", "24"),
        ("Bắc Giang", "24", None),
        ("Hồ Chí Minh", "79", "79"),
        ("Huế", "46", "46"),
    ],
)
def test_province_codes(name, old_code, new_code):
    assert Province.objects.before_reform().get(name=name).code == old_code
    current = Province.objects.current().filter(name=name).first()
    assert (current.code if current else None) == new_code


def test_district_and_commune_codes():
    assert District.objects.get(code="315").name == "Tiên Lãng"
    assert District.objects.get(code="001").name == "Ba Đình"
    assert Commune.objects.before_reform().get(code="00001").name == "Phúc Xá"
    assert Commune.objects.current().get(code="10543").full_name.endswith("Việt Hòa")


def test_names_have_no_prefix():
    assert not Province.objects.filter(name__startswith="Tỉnh ").exists()
    assert not District.objects.filter(name__startswith="Huyện ").exists()
    assert not Commune.objects.filter(name__startswith="Xã ").exists()
    assert Commune.objects.filter(name_folded="thai binh").exists()
