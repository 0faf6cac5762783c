"""The dashboards' numbers against the hand-computed fixture of conftest (2024: A, B, C in
Hưng Yên, E in Bắc Ninh; D: Thái Bình 2016, counted under Hưng Yên today)."""

import datetime
from decimal import Decimal

from khuyencong.reports.dashboards import queries as q
from khuyencong.reports.tests.conftest import M

TODAY = datetime.date(2026, 11, 23)


def _by_name(rows):
    return {row["province"].name: row for row in rows}


def test_province_values_for_the_ministry(data, world):
    rows = q.province_values(world.users["ministry"], 2024, 2024)
    assert len(rows) == 34
    hung_yen = _by_name(rows)["Hưng Yên"]["values"]
    # A (accepted) and B (in progress) carried out; C is a draft.
    assert hung_yen["projects"] == 2
    assert hung_yen["accepted_share"] == Decimal("50.0")
    assert hung_yen["state_support"] == Decimal(280)  # local 100 + national 180 (revised)
    assert hung_yen["approved"] == Decimal(630)  # + counterpart 50 + 300
    assert hung_yen["disbursed"] == Decimal(175)  # 80 - 5 + 100
    assert hung_yen["disbursement_rate"] == Decimal("62.5")  # 175 / 280
    assert hung_yen["trainees"] == 28
    bac_ninh = _by_name(rows)["Bắc Ninh"]["values"]
    assert bac_ninh["projects"] == 1
    assert bac_ninh["accepted_share"] == Decimal("0.0")
    assert bac_ninh["state_support"] == Decimal(70)
    assert bac_ninh["disbursement_rate"] == Decimal("0.0")
    others = [r for r in rows if r["province"].name not in ("Hưng Yên", "Bắc Ninh")]
    assert not any(r["has_data"] for r in others)


def test_the_scorecard_lights_and_ranking(data, world):
    rows = q.province_values(world.users["ministry"], 2024, 2024)
    hung_yen, bac_ninh = _by_name(rows)["Hưng Yên"], _by_name(rows)["Bắc Ninh"]
    assert hung_yen["lights"]["disbursement_rate"] == "amber"  # 62,5 %: from 50 to 80
    assert hung_yen["lights"]["accepted_share"] == "amber"  # 50 %: from 40 to 70
    assert hung_yen["lights"]["projects"] is None  # no thresholds for a count
    assert bac_ninh["lights"]["disbursement_rate"] == "red"
    ranking = q.ranked(rows, "state_support")
    assert [r["province"].name for r in ranking[:2]] == ["Hưng Yên", "Bắc Ninh"]
    assert [r.get("rank") for r in ranking[:3]] == [1, 2, None]


def test_thresholds_come_from_one_place(settings):
    settings.KC_SCORECARD_THRESHOLDS = {"accepted_share": {"green": 50, "amber": 10}}
    assert q.light("accepted_share", Decimal("50.0")) == "green"
    assert q.light("disbursement_rate", Decimal("1")) is None
    del settings.KC_SCORECARD_THRESHOLDS
    assert q.light("disbursement_rate", Decimal("80")) == "green"
    assert q.light("disbursement_rate", Decimal("79.9")) == "amber"
    assert q.light("disbursement_rate", Decimal("49.9")) == "red"


def test_a_provincial_user_sees_only_their_province_in_the_values(data, world):
    rows = q.province_values(world.users["officer"], 2024, 2024)
    assert _by_name(rows)["Bắc Ninh"]["values"]["projects"] == 0


def test_trends_group_history_by_todays_province(data, world):
    trend = {t["year"]: t for t in q.trends(world.users["ministry"], 2016, 2024, world.hung_yen)}
    assert trend[2016]["projects"] == 1  # Thái Bình 2016 counts under Hưng Yên
    assert trend[2016]["state"] == Decimal(60)
    assert trend[2024]["projects"] == 2
    assert trend[2024]["approved"] == Decimal(630)
    assert trend[2020]["projects"] == 0
    country = {t["year"]: t for t in q.trends(world.users["ministry"], 2016, 2024)}
    assert country[2024]["projects"] == 3
    assert country[2024]["state"] == Decimal(350)


def test_the_province_dashboard(data, world):
    board = q.province_dashboard(world.users["officer"], world.hung_yen, 2024, TODAY)
    assert board["project_count"] == 2  # A and B; the draft C is not carried out
    money = {row["source"].code: row for row in board["money"]}
    assert money["local"]["approved"] == 100 * M
    assert money["local"]["disbursed"] == 75 * M
    assert money["national"]["approved"] == 180 * M
    assert money["national"]["disbursed"] == 100 * M
    assert money["counterpart"]["approved"] == 350 * M
    assert board["money_total"]["approved"] == 630 * M
    assert board["money_total"]["disbursed"] == 175 * M
    outputs = {o["indicator__code"]: o for o in board["outputs"]}
    assert outputs["trainees"]["target_sum"] == 30
    assert outputs["trainees"]["actual_sum"] == 28
    assert outputs["machinery_establishments"]["target_sum"] == 2
    contents = {row["content"].code: row for row in board["by_content"]}
    assert contents["45-1"]["projects"] == 1  # A; the draft C does not count
    assert contents["45-1"]["state"] == 100 * M
    assert contents["45-3"]["projects"] == 1
    assert contents["45-3"]["state"] == 180 * M
    assert [(r["name"], r["n"]) for r in board["by_commune"]] == [(world.commune.name, 2)]
    # B is running past its planned end (30/11/2024); D and E are not (closed; Bắc Ninh).
    assert [p.pk for p in board["overdue"]] == [data.b.pk]
    assert board["overdue_count"] == 1


def test_the_province_dashboard_shows_the_plan_progress(data, world):
    from khuyencong.reports.tests.conftest import make_plan

    make_plan(world, [data.a, data.b], total_vnd=280 * M)
    board = q.province_dashboard(world.users["officer"], world.hung_yen, 2024, TODAY)
    [entry] = board["plans"]
    assert entry["progress"].project_count == 2
    assert entry["progress"].accepted_count == 1
    assert entry["progress"].money_total.disbursed_vnd == 175 * M
