"""The searchable commune select lists today's communes of a province."""

import pytest

from khuyencong.geo.models import Province
from khuyencong.geo.selectors import communes_for_select

pytestmark = pytest.mark.django_db


def test_names_starting_with_the_text_come_first():
    hung_yen = Province.objects.current().get(code="33")
    results = communes_for_select(hung_yen, "thai")
    assert results
    assert all("thai" in c.name_folded and c.province == hung_yen for c in results)
    assert results[0].name_folded.startswith("thai")


def test_old_province_stands_for_its_successor_and_prefix_is_ignored():
    thai_binh = Province.objects.before_reform().get(code="34")
    results = communes_for_select(thai_binh, "Phường Thái Bình")
    assert [c.name for c in results][:1] == ["Thái Bình"]
    assert all(c.is_current and c.province.code == "33" for c in results)


def test_limit():
    hai_phong = Province.objects.current().get(code="31")
    assert len(communes_for_select(hai_phong, "", limit=7)) == 7
