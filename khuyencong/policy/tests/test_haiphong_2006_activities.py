"""Every activity of the Hải Phòng 2006 case maps to a content of Decree 134/2004/NĐ-CP."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings

from khuyencong.policy.models import ActivityContent
from khuyencong.policy.selectors import activity_contents_for, legal_basis_for_projects_on

CASE = Path(settings.BASE_DIR).parent / "shared" / "cases" / "haiphong-2006.json"

# How the case's activities are recorded under Decree 134/2004 (what an importer would use).
ACTIVITY_TO_CONTENT = {
    "vocational training": "134-1",
    "start-up / management training": "134-2",
    "production capacity of a craft village": "134-4",
    "fairs and exhibitions": "134-5",
    "information (newsletter)": "134-6",
}


@pytest.fixture
def case() -> dict:
    if not CASE.exists():
        pytest.skip(f"{CASE} is not present")
    return json.loads(CASE.read_text(encoding="utf-8"))


def test_every_activity_of_the_case_maps_to_a_content_in_force_in_2006(reference, case):
    approved_on = datetime.date.fromisoformat(case["plans"][0]["approval"]["date"])
    basis = legal_basis_for_projects_on(approved_on)
    assert basis.number == "134/2004/NĐ-CP"
    assert case["legal_basis"].endswith(basis.number)

    in_force = {c.code: c for c in activity_contents_for(basis, on=approved_on)}
    activities = {p["activity"] for plan in case["plans"] for p in plan["projects"]}
    assert activities <= ACTIVITY_TO_CONTENT.keys()
    for activity in activities:
        content = in_force[ACTIVITY_TO_CONTENT[activity]]
        assert not content.is_catch_all, activity


def test_the_mapped_contents_are_distinct_real_contents(reference):
    contents = ActivityContent.objects.filter(
        legal_basis__code="nd-134-2004", code__in=ACTIVITY_TO_CONTENT.values()
    )
    assert contents.count() == len(set(ACTIVITY_TO_CONTENT.values()))
