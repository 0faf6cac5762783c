"""A submitted report is frozen: later edits do not change it, a resubmission is a new version."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from khuyencong.core.models import ChangeRecord
from khuyencong.projects.models import BudgetLine
from khuyencong.reports import data as report_data
from khuyencong.reports import snapshot
from khuyencong.reports.models import FIRST_HALF, WHOLE_YEAR, ReportSubmission
from khuyencong.reports.submissions import services
from khuyencong.reports.tests.helpers import run

M = 1_000_000


@pytest.fixture
def on_day(monkeypatch):
    """Make Vietnam's date `day` for the code under test."""

    def set_day(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return set_day


def test_the_serialiser_round_trips_a_whole_result(data, world):
    result = run("provincial", world.users["manager"], province=world.hung_yen)
    frozen = snapshot.freeze(result)
    import json

    back = snapshot.thaw(json.loads(json.dumps(frozen)))
    assert back == result
    money = back.table("money")
    assert money.total == result.table("money").total
    assert back.checks[0].ok == result.checks[0].ok
    assert back.parameters == result.parameters
    assert isinstance(back.parameters[0], tuple)


def test_decimals_are_exact_strings_and_unknown_fields_are_tolerated():
    table = report_data.Table(
        key="t",
        title="T",
        columns=[report_data.Column("v", "V", report_data.DECIMAL)],
        rows=[{"v": Decimal("0.1000000000000000055"), "d": datetime.date(2025, 6, 15)}],
        total={"$odd": 1},
    )
    result = report_data.ReportResult(
        slug="x", title="X", subtitle="", sections=[report_data.Section("s", "S", tables=[table])]
    )
    frozen = snapshot.freeze(result)
    row = frozen["result"]["fields"]["sections"][0]["fields"]["tables"][0]["fields"]["rows"][0]
    assert row["v"] == {"$decimal": "0.1000000000000000055"}
    assert snapshot.thaw(frozen) == result
    # A field stored by an older version of data.py is dropped; a new one takes its default.
    fields = frozen["result"]["fields"]
    fields["retired"] = "x"
    del fields["checks"]
    back = snapshot.thaw(frozen)
    assert back.checks == [] and not hasattr(back, "retired")
    assert {f.name for f in dataclasses.fields(back)} == {
        f.name for f in dataclasses.fields(report_data.ReportResult)
    }


def test_the_snapshot_is_frozen_and_a_resubmission_is_a_new_version(data, world, on_day):
    manager = world.users["manager"]
    on_day(datetime.date(2024, 12, 10))
    first = services.submit(by=manager, province=world.hung_yen, year=2024, half=WHOLE_YEAR)
    assert (first.version, first.on_time, first.due_on) == (1, True, datetime.date(2024, 12, 15))
    frozen_total = snapshot.thaw(first.snapshot).table("money").total["approved"]
    assert frozen_total == 100 * M + 50 * M + 180 * M + 300 * M  # A and B (revised)

    BudgetLine.objects.filter(project=data.a, source__code="local").update(approved_vnd=130 * M)
    live = run("provincial", manager, province=world.hung_yen)
    assert live.table("money").total["approved"] == frozen_total + 30 * M
    first.refresh_from_db()
    assert snapshot.thaw(first.snapshot).table("money").total["approved"] == frozen_total

    on_day(datetime.date(2024, 12, 20))
    second = services.submit(
        by=manager, province=world.hung_yen, year=2024, half=WHOLE_YEAR, note="Sửa số liệu"
    )
    assert (second.version, second.on_time) == (2, False)
    assert snapshot.thaw(second.snapshot).table("money").total["approved"] == frozen_total + 30 * M
    assert ReportSubmission.objects.filter(year=2024, half=WHOLE_YEAR).count() == 2
    first.refresh_from_db()
    assert snapshot.thaw(first.snapshot).table("money").total["approved"] == frozen_total
    # Another period starts its own numbering.
    on_day(datetime.date(2024, 6, 3))
    half = services.submit(by=manager, province=world.hung_yen, year=2024, half=FIRST_HALF)
    assert half.version == 1
    # The frozen report is the official document: in Vietnamese whatever the submitter's language.
    assert snapshot.thaw(half.snapshot).subtitle.startswith("6 tháng đầu năm 2024")


def test_a_submission_is_recorded_in_the_history(data, world, on_day):
    on_day(datetime.date(2024, 6, 15))
    submission = services.submit(
        by=world.users["manager"], province=world.hung_yen, year=2024, half=FIRST_HALF, note="Kỳ 1"
    )
    event = ChangeRecord.objects.get(event="report.submitted")
    assert event.user == world.users["manager"]
    assert event.province_id == world.hung_yen.pk
    assert event.changes["version"] == 1 and event.changes["on_time"] is True
    assert event.note == "Kỳ 1"
    created = ChangeRecord.objects.get(
        action="create",
        object_id=submission.pk,
        content_type=ContentType.objects.get_for_model(ReportSubmission),
    )
    assert "snapshot" not in created.changes


def test_nothing_is_saved_when_the_report_fails(data, world, on_day, monkeypatch):
    on_day(datetime.date(2024, 12, 1))

    def broken(result):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "add_amounts_in_words", broken)
    with pytest.raises(RuntimeError):
        services.submit(by=world.users["manager"], province=world.hung_yen, year=2024, half=0)
    assert not ReportSubmission.objects.exists()
    assert not ChangeRecord.objects.filter(event="report.submitted").exists()
