"""Coverage: the share of this year's projects of the province (approved, not cancelled)
inspected at least once this year — counted by hand on a fixture, and shown on the plan page."""

import datetime
from decimal import Decimal

from khuyencong.monitoring import selectors
from khuyencong.projects.models import Project
from khuyencong.projects.tests.conftest import TODAY

LAST_YEAR = TODAY.replace(year=TODAY.year - 1, day=min(TODAY.day, 28))


def _fixture(monitor, world):
    a, b, c, d, e = (world.approved(title=f"Đề án {n}") for n in "ABCDE")
    monitor.recorded(monitor.inspection(project=a))  # inspected
    monitor.recorded(monitor.inspection(project=b))  # inspected twice: counted once
    monitor.recorded(monitor.inspection(project=b, establishment=world.establishment))
    monitor.inspection(project=c)  # planned, not done yet
    monitor.recorded(  # d: visited last year only
        monitor.inspection(project=d, planned_date=LAST_YEAR), actual_date=LAST_YEAR
    )
    monitor.recorded(monitor.inspection(project=e))
    world.act(e, "cancel", "manager", note="Cơ sở giải thể.")  # cancelled: not counted
    world.ready_draft(title="Đề án nháp")  # not approved: not counted
    old = world.approved(title="Đề án năm trước", year=TODAY.year - 1)
    monitor.recorded(monitor.inspection(project=old))  # another year's project
    monitor.recorded(monitor.inspection(establishment=world.establishment))  # no project named
    monitor.bac_ninh_project()  # another province
    return {"a": a, "b": b, "c": c, "d": d}


def test_coverage_counted_by_hand(monitor, world):
    projects = _fixture(monitor, world)
    result = selectors.coverage(
        user=monitor.user("officer"), province_id=world.hung_yen.pk, year=TODAY.year
    )
    # Of A, B, C, D (approved this year, not cancelled), A and B had a visit this year.
    assert (result.total, result.inspected) == (4, 2)
    assert result.percent == Decimal("50.0")
    assert {p.pk for p in result.not_inspected} == {projects["c"].pk, projects["d"].pk}
    assert result.more_not_inspected == 0
    assert Project.objects.filter(province=world.hung_yen, year=TODAY.year).count() == 6


def test_no_project_no_percentage(monitor, world):
    result = selectors.coverage(
        user=monitor.user("officer"), province_id=world.hung_yen.pk, year=TODAY.year - 3
    )
    assert (result.total, result.inspected, result.percent) == (0, 0, None)


def test_the_plan_page_shows_coverage_and_the_calendar(client, monitor, world):
    _fixture(monitor, world)
    plan = monitor.plan()
    planned = monitor.inspection(
        plan=plan, project=world.approved(), planned_date=TODAY - datetime.timedelta(days=1)
    )
    client.force_login(monitor.user("viewer_province"))
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    # One more approved project, not inspected: 2 of 5.
    assert 'data-coverage="40.0"' in html
    month = page.context["calendar"][planned.planned_date.month - 1]
    assert [i.pk for i in month["inspections"]] == [planned.pk]
    assert planned.get_absolute_url() in html
