"""Old units map to today's: each old province to one province, each old commune to one or more
communes with exactly one default."""

import pytest
from django.db.models import Count, Q

from khuyencong.geo.models import Commune, CommuneSuccession, District, Province
from khuyencong.geo.selectors import candidate_communes_for, current_province_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Thái Bình", "Hưng Yên"),
        ("Bắc Giang", "Bắc Ninh"),
        ("Phú Yên", "Đắk Lắk"),
        ("Hải Dương", "Hải Phòng"),
        ("Hải Phòng", "Hải Phòng"),
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ],
)
def test_old_province_maps_to_todays(old, new):
    province = Province.objects.before_reform().get(name=old)
    assert current_province_for(province) == Province.objects.current().get(name=new)


def test_every_old_province_has_one_successor_and_every_new_one_a_predecessor():
    old = Province.objects.before_reform()
    assert old.filter(succession__isnull=True).count() == 0
    assert Province.objects.current().filter(predecessors__isnull=True).count() == 0


def test_current_province_of_districts_and_communes():
    tien_lang = District.objects.get(name="Tiên Lãng", province__code="31")
    assert current_province_for(tien_lang).code == "31"
    assert current_province_for(tien_lang).is_current
    thai_binh = Province.objects.current().get(code="33")
    old_commune = Commune.objects.before_reform().filter(province__code="34").first()
    assert current_province_for(old_commune) == thai_binh
    new_commune = Commune.objects.current().filter(province=thai_binh).first()
    assert current_province_for(new_commune) == thai_binh
    assert current_province_for(thai_binh) == thai_binh


def test_every_old_commune_has_exactly_one_default_successor():
    old = Commune.objects.before_reform().annotate(
        defaults=Count("successions", filter=Q(successions__is_default=True))
    )
    assert old.exclude(defaults=1).count() == 0


def test_a_split_commune_has_several_candidates_default_first(django_assert_num_queries):
    split = (
        Commune.objects.before_reform()
        .annotate(n=Count("successions"))
        .filter(n__gt=1)
        .order_by("code")
        .first()
    )
    with django_assert_num_queries(1):
        candidates = candidate_communes_for(split)
    assert len(candidates) > 1
    assert [is_default for _, is_default in candidates].count(True) == 1
    assert candidates[0][1] is True
    assert all(commune.is_current for commune, _ in candidates)
    default = CommuneSuccession.objects.get(old=split, is_default=True).new
    assert candidates[0][0] == default


def test_known_split_cong_vi():
    cong_vi = Commune.objects.before_reform().get(name="Cống Vị", province__code="01")
    assert [(c.name, d) for c, d in candidate_communes_for(cong_vi)] == [
        ("Ngọc Hà", True),
        ("Giảng Võ", False),
    ]


def test_district_candidates_are_the_union_of_its_communes_successors():
    district = District.objects.get(name="Tiên Lãng", province__code="31")
    candidates = candidate_communes_for(district)
    expected = set(
        CommuneSuccession.objects.filter(old__district=district).values_list("new", flat=True)
    )
    assert {c.pk for c, _ in candidates} == expected
    assert len(candidates) == len(expected)
    assert all(is_default for _, is_default in candidates[:1])


def test_island_districts_without_communes_became_special_zones():
    for code in ["318", "471", "498", "536", "755"]:
        district = District.objects.get(code=code)
        [(zone, is_default)] = candidate_communes_for(district)
        assert zone.kind == Commune.Kind.SPECIAL_ZONE
        assert zone.name == district.name
        assert is_default


def test_current_commune_is_its_own_candidate():
    commune = Commune.objects.current().first()
    assert candidate_communes_for(commune) == [(commune, True)]
