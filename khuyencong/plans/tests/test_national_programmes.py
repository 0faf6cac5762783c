"""The national programmes are seeded with the 2021-2025 targets of Decision 1881/QĐ-TTg."""

from khuyencong.plans.models import Programme
from khuyencong.plans.setup import load_national_programmes


def test_national_programmes_are_seeded_once(db):
    programme = Programme.objects.get(kind="national", start_year=2021)
    targets = {
        t.indicator.code: int(t.target) for t in programme.targets.select_related("indicator")
    }
    assert targets == {
        "demonstration_models": 340,
        "machinery_establishments": 1600,
        "technology_lines": 300,
        "pollution_treatment_upgrades": 50,
        "fairs_domestic": 15,
        "fairs_overseas": 5,
        "trainees": 10000,
    }
    assert programme.decision_number == "1881/QĐ-TTg"
    assert programme.legal_basis.code == "qd-1881-2020-ttg"
    assert Programme.objects.filter(
        kind="national", start_year=2026, approved_by__contains="Bộ trưởng"
    ).exists()
    programme.name = "Tên do quản trị viên sửa"
    programme.save()
    assert load_national_programmes() == {"created": 0, "unchanged": 2}
    programme.refresh_from_db()
    assert programme.name == "Tên do quản trị viên sửa"
