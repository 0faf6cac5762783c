"""A Thái Bình project of 2016, imported as historical, appears under "Thái Bình" when grouped
as the units were and under Hưng Yên when grouped by today's units."""

from khuyencong.reports.params import THEN, TODAY, Period
from khuyencong.reports.tests.conftest import M
from khuyencong.reports.tests.helpers import rows_by, run

PHASE = Period.phase(2016, 2024)


def test_grouped_by_todays_units(data, world):
    result = run(
        "provincial", world.users["officer"], province=world.hung_yen, period=PHASE, grouping=TODAY
    )
    areas = result.table("areas").rows
    assert [(r["area"], r["projects"], r["approved"]) for r in areas] == [("Hưng Yên", 3, 690 * M)]
    places = rows_by(result.table("places"), "place")
    assert places["Phố Hiến"]["projects"] == 2
    assert places["(no place recorded)"]["projects"] == 1
    assert not result.failed_checks


def test_grouped_as_the_units_were(data, world):
    result = run(
        "provincial", world.users["officer"], province=world.hung_yen, period=PHASE, grouping=THEN
    )
    areas = {r["area"]: r for r in result.table("areas").rows}
    assert areas["Thái Bình (before 1/7/2025)"]["projects"] == 1
    assert areas["Thái Bình (before 1/7/2025)"]["approved"] == 60 * M
    assert areas["Hưng Yên"]["projects"] == 2
    places = rows_by(result.table("places"), "place")
    assert places["Kiến Xương"]["level"] == "District"
    assert places["Kiến Xương"]["projects"] == 1
    # The totals do not depend on the grouping.
    assert result.table("areas").total["approved"] == 690 * M
    assert not result.failed_checks


def test_leverage_follows_the_grouping(data, world):
    result = run(
        "leverage", world.users["officer"], province=world.hung_yen, period=PHASE, grouping=THEN
    )
    labels = [row["label"] for row in result.table("leverage_provinces").rows]
    assert labels == ["Hưng Yên", "Thái Bình (before 1/7/2025)"]
