"""The places of the Hải Phòng 2006 case (shared/cases) resolve to the districts of that time
and map to today's Hải Phòng and its communes."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from khuyencong.geo.models import District
from khuyencong.geo.selectors import candidate_communes_for, current_province_for, find_units

pytestmark = pytest.mark.django_db
CASE = Path(settings.BASE_DIR).parent / "shared" / "cases" / "haiphong-2006.json"


@pytest.fixture(scope="module")
def case():
    if not CASE.exists():
        pytest.skip("shared/cases is not beside the project")
    return json.loads(CASE.read_text(encoding="utf-8"))


def test_every_place_of_the_case_is_an_old_district_of_hai_phong_now_in_hai_phong(case):
    places = {
        p for plan in case["plans"] for project in plan["projects"] for p in project["places"]
    }
    assert places >= {"Huyện Tiên Lãng", "Huyện Vĩnh Bảo"}
    for place in places:
        unit = find_units(f"{place}, {case['province_then']}", era="before_reform")[0]
        assert isinstance(unit, District), place
        assert unit.province.name == "Hải Phòng" and unit.valid_to is not None
        assert current_province_for(unit).name == "Hải Phòng"
        candidates = candidate_communes_for(unit)
        assert candidates and all(c.province.name == "Hải Phòng" for c, _ in candidates)
