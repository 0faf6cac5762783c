"""Each report's numbers against the hand-computed fixture of conftest.py."""

from decimal import Decimal

from khuyencong.reports.params import Period
from khuyencong.reports.tests.conftest import M
from khuyencong.reports.tests.helpers import rows_by, run


def test_annual_report_of_a_province(data, world):
    result = run("provincial", world.users["officer"], province=world.hung_yen)
    assert not result.empty and not result.failed_checks

    status = result.table("status")
    assert {row["code"]: row["projects"] for row in status.rows} == {
        "draft": 1,
        "in_progress": 1,
        "accepted": 1,
    }
    assert status.total["projects"] == 3

    money = rows_by(result.table("money"), "code")
    assert set(money) == {"national", "local", "counterpart"}
    assert money["national"]["approved"] == 180 * M  # revised, not the first approval
    assert money["local"]["approved"] == 100 * M  # the draft's 40m is not counted
    assert money["counterpart"]["approved"] == 350 * M
    assert money["local"]["disbursed"] == 75 * M  # 80m paid, 5m refunded
    assert money["national"]["disbursed"] == 100 * M
    assert money["national"]["rate"] == Decimal("55.6")
    total = result.table("money").total
    assert (total["approved"], total["disbursed"], total["settled"]) == (630 * M, 175 * M, 0)

    outputs = rows_by(result.table("outputs"), "code")
    assert (outputs["trainees"]["target"], outputs["trainees"]["actual"]) == (30, 28)
    assert outputs["machinery_establishments"]["actual"] is None
    # An average indicator is averaged, not summed: (5 + 10) / 2 and (10 + 20) / 2.
    assert outputs["revenue_change"]["target"] == Decimal("7.5")
    assert outputs["revenue_change"]["actual"] == Decimal("15")

    contents = rows_by(result.table("contents"), "code")
    assert (contents["45-1"]["projects"], contents["45-1"]["approved"]) == (1, 150 * M)
    assert (contents["45-3"]["state"], contents["45-3"]["approved"]) == (180 * M, 480 * M)

    areas = result.table("areas").rows
    assert [(r["area"], r["projects"], r["state"]) for r in areas] == [("Hưng Yên", 2, 280 * M)]
    places = rows_by(result.table("places"), "place")
    assert places["Phố Hiến"]["projects"] == 2


def test_half_year_counts_the_money_moved_by_its_end(data, world):
    result = run(
        "provincial",
        world.users["officer"],
        province=world.hung_yen,
        period=Period.half(2024, 1),
    )
    money = rows_by(result.table("money"), "code")
    # The refund of 1/8 comes after 30/6.
    assert money["local"]["disbursed"] == 80 * M
    assert result.table("money").total["disbursed"] == 180 * M


def test_programme_filter(data, world):
    result = run(
        "provincial", world.users["officer"], province=world.hung_yen, programme="national"
    )
    assert result.table("status").total["projects"] == 1
    assert result.table("money").total["approved"] == 480 * M


def test_national_summary_has_a_row_per_todays_province(data, world):
    result = run("national-summary", world.users["ministry"])
    table = result.table("provinces")
    assert len(table.rows) == 34
    rows = rows_by(table, "province")
    hung_yen = rows["Hưng Yên"]
    assert (hung_yen["projects"], hung_yen["accepted"], hung_yen["share"]) == (
        2,
        1,
        Decimal("50.0"),
    )
    assert (hung_yen["state"], hung_yen["state_disbursed"]) == (280 * M, 175 * M)
    assert hung_yen["rate"] == Decimal("62.5")
    assert (rows["Bắc Ninh"]["projects"], rows["Bắc Ninh"]["state"]) == (1, 70 * M)
    assert rows["Lào Cai"]["projects"] == 0
    assert (table.total["projects"], table.total["state"]) == (3, 350 * M)
    assert not result.failed_checks


def test_beneficiaries(data, world):
    result = run("beneficiaries", world.users["officer"], province=world.hung_yen)
    rows = result.table("beneficiaries").rows
    counts = [row["count"] for row in rows]
    # 2 establishments, 1 women-owned, 0 ethnic minority, 1 in both projects, 3 participations.
    assert counts == [2, 1, 0, 1, 3]
    assert rows[1]["share"] == Decimal("50.0")
    kinds = result.table("kinds")
    assert kinds.total["count"] == 2
    assert not result.failed_checks


def test_leverage(data, world):
    result = run("leverage", world.users["officer"], province=world.hung_yen)
    provinces = result.table("leverage_provinces")
    assert provinces.rows[0]["label"] == "Hưng Yên"
    assert provinces.rows[0]["leverage"] == Decimal("1.25")  # 350m / 280m
    contents = {row["label"][:4]: row for row in result.table("leverage_contents").rows}
    assert contents["45-1"]["counterpart_ratio"] == Decimal("0.50")
    assert contents["45-3"]["leverage"] == Decimal("1.67")
    assert not result.failed_checks
