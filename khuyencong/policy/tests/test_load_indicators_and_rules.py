"""Loading indicators and support rules: idempotent, keyed by code, keeps administrators' edits."""

import json

import pytest
from django.core.exceptions import ValidationError

from khuyencong.core.models import ChangeRecord
from khuyencong.geo.models import Province
from khuyencong.policy.models import ActivityContent, Indicator, SupportRule
from khuyencong.policy.services import ReferenceDataError, load_reference_data

pytestmark = pytest.mark.django_db

BASIS = {
    "code": "nd-test-2030",
    "kind": "decree",
    "number": "1/2030/NĐ-CP",
    "title": "Về thử nghiệm",
    "issuer": "Chính phủ",
    "effective_from": "2030-01-01",
    "is_project_basis": True,
    "activity_contents": [
        {"code": "t-1", "order": 1, "name": "Đào tạo nghề"},
        {"code": "t-2", "order": 2, "name": "Mô hình trình diễn"},
    ],
}
CIRCULAR = {
    "code": "tt-test-2030",
    "kind": "circular",
    "number": "1/2030/TT-BTC",
    "title": "Hướng dẫn kinh phí",
    "issuer": "Bộ Tài chính",
    "effective_from": "2030-02-01",
}


def _file(tmp_path, *, unit="người", contents=("nd-test-2030:t-1",), share=30, rules=None) -> str:
    data = {
        "legal_bases": [BASIS, CIRCULAR],
        "indicators": [
            {
                "code": "test_trainees",
                "name": "Số người được đào tạo",
                "unit": unit,
                "order": 10,
                "activity_contents": list(contents),
            },
            {"code": "test_jobs", "name": "Việc làm mới", "unit": "người", "group": "outcome"},
        ],
        "support_rules": rules
        if rules is not None
        else [
            {
                "code": "test-model",
                "name": "Mô hình trình diễn kỹ thuật",
                "legal_basis": "tt-test-2030",
                "programme": "national",
                "effective_from": "2030-02-01",
                "max_share_percent": share,
                "max_amount_vnd": 1_000_000_000,
                "unit": "per_model",
                "activity_contents": ["nd-test-2030:t-2"],
            },
            {
                "code": "test-startup",
                "name": "Khởi sự doanh nghiệp",
                "legal_basis": "tt-test-2030",
                "area_class": "difficult",
                "effective_from": "2030-02-01",
                "max_amount_vnd": 10_000_000,
                "unit": "per_enterprise",
                "activity_contents": ["nd-test-2030:t-1", "nd-test-2030:t-2"],
            },
        ],
    }
    path = tmp_path / "reference.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _content(code: str) -> ActivityContent:
    return ActivityContent.objects.get(legal_basis__code="nd-test-2030", code=code)


def test_indicators_and_rules_are_created_with_their_links(tmp_path):
    summary = load_reference_data(path=_file(tmp_path))
    assert summary["indicators"]["created"] == 2
    assert summary["support_rules"]["created"] == 2

    trainees = Indicator.objects.get(code="test_trainees")
    assert list(trainees.activity_contents.all()) == [_content("t-1")]
    assert Indicator.objects.get(code="test_jobs").group == Indicator.Group.OUTCOME

    rule = SupportRule.objects.get(code="test-model")
    assert rule.legal_basis.code == "tt-test-2030"
    assert rule.max_share_percent == 30 and rule.max_amount_vnd == 1_000_000_000
    assert rule.programme == "national" and rule.province is None and rule.area_class is None
    startup = SupportRule.objects.get(code="test-startup")
    assert startup.area_class.code == "difficult"
    assert set(startup.activity_contents.all()) == {_content("t-1"), _content("t-2")}


def test_a_second_load_changes_nothing(tmp_path):
    path = _file(tmp_path)
    load_reference_data(path=path)
    records = ChangeRecord.objects.count()
    summary = load_reference_data(path=path)
    assert summary["indicators"] == {"created": 0, "updated": 0, "unchanged": 2, "kept": 0}
    assert summary["support_rules"] == {"created": 0, "updated": 0, "unchanged": 2, "kept": 0}
    assert ChangeRecord.objects.count() == records


def test_the_bundled_file_loads_twice_without_changes():
    load_reference_data()
    summary = load_reference_data()
    for table in ("indicators", "support_rules"):
        assert summary[table]["created"] == summary[table]["updated"] == 0, table
        assert summary[table]["kept"] == 0, table


def test_a_row_nobody_edited_takes_the_files_correction(tmp_path):
    load_reference_data(path=_file(tmp_path))
    summary = load_reference_data(
        path=_file(tmp_path, unit="lượt người", contents=["nd-test-2030:t-1", "nd-test-2030:t-2"])
    )
    assert summary["indicators"]["updated"] == 1
    trainees = Indicator.objects.get(code="test_trainees")
    assert trainees.unit == "lượt người"
    assert trainees.activity_contents.count() == 2


def test_the_same_share_written_differently_is_not_a_change(tmp_path):
    load_reference_data(path=_file(tmp_path, share=30))
    summary = load_reference_data(path=_file(tmp_path, share="30.00"))
    assert summary["support_rules"]["unchanged"] == 2


def test_a_cap_an_administrator_edited_is_kept(tmp_path):
    load_reference_data(path=_file(tmp_path))
    rule = SupportRule.objects.get(code="test-model")
    rule.max_amount_vnd = 900_000_000
    rule.note = "Đã đối chiếu Công báo."
    rule.save()

    summary = load_reference_data(path=_file(tmp_path, share=40))
    assert summary["support_rules"]["kept"] == 1
    rule.refresh_from_db()
    assert (rule.max_share_percent, rule.max_amount_vnd) == (30, 900_000_000)

    load_reference_data(path=_file(tmp_path, share=40), update=True)
    rule.refresh_from_db()
    assert (rule.max_share_percent, rule.max_amount_vnd) == (40, 1_000_000_000)


def test_links_an_administrator_changed_are_kept(tmp_path):
    load_reference_data(path=_file(tmp_path))
    trainees = Indicator.objects.get(code="test_trainees")
    trainees.activity_contents.add(_content("t-2"))

    summary = load_reference_data(path=_file(tmp_path))
    assert summary["indicators"]["kept"] == 1
    assert trainees.activity_contents.count() == 2


def test_an_unknown_content_loads_nothing(tmp_path):
    path = _file(tmp_path, contents=["nd-test-2030:t-9"])
    with pytest.raises(ReferenceDataError, match="t-9"):
        load_reference_data(path=path)
    assert not Indicator.objects.filter(code__startswith="test_").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"legal_basis": "tt-missing"}, "tt-missing"),
        ({"legal_basis": ""}, "legal_basis"),
        ({"activity_contents": []}, "activity_contents"),
        ({"area_class": "no-such-class"}, "no-such-class"),
        ({"province": "999"}, "999"),
    ],
)
def test_a_rule_with_a_bad_reference_loads_nothing(tmp_path, change, message):
    rule = {
        "code": "test-bad",
        "name": "Sai",
        "legal_basis": "tt-test-2030",
        "effective_from": "2030-02-01",
        "max_amount_vnd": 1,
        "unit": "per_project",
        "activity_contents": ["nd-test-2030:t-1"],
    } | change
    with pytest.raises(ReferenceDataError, match=message):
        load_reference_data(path=_file(tmp_path, rules=[rule]))
    assert not SupportRule.objects.filter(code="test-bad").exists()


def test_a_local_rule_in_the_file_names_its_province_by_code(tmp_path, reference):
    province = Province.objects.current().order_by("code").first()
    rule = {
        "code": "test-local",
        "name": "Ứng dụng máy móc thiết bị tiên tiến",
        "legal_basis": "tt-test-2030",
        "programme": "local",
        "province": province.code,
        "effective_from": "2030-02-01",
        "max_share_percent": "40",
        "unit": "per_establishment",
        "activity_contents": ["nd-test-2030:t-2"],
    }
    load_reference_data(path=_file(tmp_path, rules=[rule]))
    loaded = SupportRule.objects.get(code="test-local")
    assert (loaded.programme, loaded.province) == ("local", province)


def test_a_local_rule_without_its_province_is_refused(tmp_path):
    rule = {
        "code": "test-local",
        "name": "Sai",
        "legal_basis": "tt-test-2030",
        "programme": "local",
        "effective_from": "2030-02-01",
        "max_amount_vnd": 1,
        "unit": "per_project",
        "activity_contents": ["nd-test-2030:t-2"],
    }
    with pytest.raises(ValidationError):
        load_reference_data(path=_file(tmp_path, rules=[rule]))
    assert not SupportRule.objects.filter(code="test-local").exists()
