import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from khuyencong.core.models import ChangeRecord
from khuyencong.policy.models import ActivityContent, EstablishmentKind, FundingSource, LegalBasis
from khuyencong.policy.services import REFERENCE_FILE, ReferenceDataError, load_reference_data

pytestmark = pytest.mark.django_db


def _file_rows() -> dict[str, int]:
    data = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    return {
        "legal_bases": len(data["legal_bases"]),
        "activity_contents": sum(len(b.get("activity_contents", [])) for b in data["legal_bases"]),
        "funding_sources": len(data["funding_sources"]),
        "establishment_kinds": len(data["establishment_kinds"]),
        "indicators": len(data["indicators"]),
        "support_rules": len(data["support_rules"]),
    }


def _write(tmp_path, data) -> str:
    path = tmp_path / "reference.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _small_file(tmp_path, *, title="Về thử nghiệm") -> str:
    return _write(
        tmp_path,
        {
            "legal_bases": [
                {
                    "code": "nd-test-2030",
                    "kind": "decree",
                    "number": "1/2030/NĐ-CP",
                    "title": title,
                    "issuer": "Chính phủ",
                    "effective_from": "2030-01-01",
                    "activity_contents": [
                        {"code": "t-1", "order": 1, "name": "Nội dung một"},
                        {"code": "t-2", "order": 2, "name": "Nội dung hai"},
                    ],
                }
            ],
            "funding_sources": [{"code": "test_fund", "name": "Quỹ thử"}],
            "establishment_kinds": [{"code": "test_kind", "name": "Loại thử"}],
        },
    )


def test_it_loads_every_row_of_the_bundled_file():
    summary = load_reference_data()
    for table, expected in _file_rows().items():
        assert sum(summary[table].values()) == expected, table
    assert _file_rows() == {
        "legal_bases": 11,
        "activity_contents": 30,
        "funding_sources": 5,
        "establishment_kinds": 5,
        "indicators": 27,
        "support_rules": 8,
    }
    assert LegalBasis.objects.filter(code__in=["nd-134-2004", "nd-45-2012", "nd-235-2025"]).count()
    assert ActivityContent.objects.filter(legal_basis__code="nd-45-2012").count() == 9


def test_a_first_load_creates_the_rows_and_logs_them(tmp_path):
    summary = load_reference_data(path=_small_file(tmp_path))
    assert summary["legal_bases"]["created"] == 1
    assert summary["activity_contents"]["created"] == 2
    assert summary["funding_sources"]["created"] == 1
    assert summary["establishment_kinds"]["created"] == 1
    basis = LegalBasis.objects.get(code="nd-test-2030")
    assert ChangeRecord.objects.filter(object_id=basis.pk, action="create").exists()


def test_a_second_run_creates_and_changes_nothing():
    load_reference_data()
    records = ChangeRecord.objects.count()
    summary = load_reference_data()
    for table, counts in summary.items():
        assert counts["created"] == 0 and counts["updated"] == 0 and counts["kept"] == 0, table
        assert counts["unchanged"] == _file_rows()[table]
    assert ChangeRecord.objects.count() == records


def test_a_name_an_administrator_edited_survives_a_reload_and_update_restores_it():
    load_reference_data()
    national = FundingSource.objects.get(code="national")
    national.name = "Kinh phí khuyến công quốc gia (đã sửa)"
    national.save()

    summary = load_reference_data()
    assert summary["funding_sources"]["kept"] == 1
    national.refresh_from_db()
    assert national.name == "Kinh phí khuyến công quốc gia (đã sửa)"

    out = io.StringIO()
    call_command("load_reference_data", "--update", stdout=out)
    national.refresh_from_db()
    assert national.name == "Kinh phí khuyến công quốc gia"
    assert "funding_sources: created 0, updated 1" in out.getvalue()


def test_a_row_nobody_edited_takes_the_corrected_value_of_the_file(tmp_path):
    load_reference_data(path=_small_file(tmp_path))
    summary = load_reference_data(path=_small_file(tmp_path, title="Về thử nghiệm (đã đính chính)"))
    assert summary["legal_bases"]["updated"] == 1
    basis = LegalBasis.objects.get(code="nd-test-2030")
    assert basis.title == "Về thử nghiệm (đã đính chính)"
    assert basis.version == 2  # an edit opened before the load is detected as stale


def test_an_edited_row_is_kept_even_when_the_file_changes(tmp_path):
    load_reference_data(path=_small_file(tmp_path))
    basis = LegalBasis.objects.get(code="nd-test-2030")
    basis.note = "Đã kiểm tra với Công báo."
    basis.save()
    summary = load_reference_data(path=_small_file(tmp_path, title="Tiêu đề mới"))
    assert summary["legal_bases"]["kept"] == 1
    basis.refresh_from_db()
    assert (basis.title, basis.note) == ("Về thử nghiệm", "Đã kiểm tra với Công báo.")


def test_an_unknown_reference_loads_nothing(tmp_path):
    path = _write(
        tmp_path,
        {
            "legal_bases": [
                {
                    "code": "nd-a",
                    "number": "A",
                    "title": "A",
                    "issuer": "Chính phủ",
                    "effective_from": "2030-01-01",
                },
                {
                    "code": "nd-b",
                    "number": "B",
                    "title": "B",
                    "issuer": "Chính phủ",
                    "effective_from": "2030-01-01",
                    "amends": "nd-missing",
                },
            ]
        },
    )
    with pytest.raises(ReferenceDataError):
        load_reference_data(path=path)
    assert not LegalBasis.objects.filter(code__in=["nd-a", "nd-b"]).exists()
    with pytest.raises(CommandError):
        call_command("load_reference_data", "--file", path, stdout=io.StringIO())


def test_the_command_prints_a_summary():
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    text = out.getvalue()
    for table in (
        "legal_bases",
        "activity_contents",
        "funding_sources",
        "establishment_kinds",
        "indicators",
        "support_rules",
    ):
        assert f"{table}: created" in text
    assert EstablishmentKind.objects.count() >= 5
