"""The inspection list (page and API) and the follow-up API list read only the columns they show;
what they show is what the full rows say, and the lists count their rows without joins."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khuyencong.monitoring import services
from khuyencong.monitoring.models import FollowUp, Inspection
from khuyencong.projects.tests.conftest import TODAY


def _three_subjects(monitor, world):
    """A recorded inspection of a project (in a plan) with two findings and one open follow-up,
    an ad-hoc one of an establishment alone and one of a project and its beneficiary."""
    plan = monitor.plan()
    officer = monitor.user("officer")
    of_project = monitor.recorded(monitor.inspection(plan=plan))
    for text in ("Chậm tiến độ", "Thiếu hồ sơ"):
        finding = services.finding_add(
            inspection=of_project, by=officer, severity="medium", text=text
        )
    services.follow_up_add(
        inspection=of_project,
        by=officer,
        finding=finding,
        action="Bổ sung hồ sơ",
        owner_user=officer,
        owner_name="Trung tâm KC",
        deadline=TODAY - datetime.timedelta(days=1),
    )
    of_establishment = monitor.inspection(establishment=world.establishment, project=None)
    both = monitor.inspection(
        project=world.approved(establishments=[world.establishment]),
        establishment=world.establishment,
    )
    return plan, of_project, of_establishment, both


def test_the_page_shows_every_column_of_the_rows(client, monitor, world):
    _plan, of_project, of_establishment, both = _three_subjects(monitor, world)
    client.force_login(monitor.user("ministry"))
    response = client.get(reverse("monitoring:inspection_list"))
    page = response.content.decode()
    rows = {row.pk: row for row in response.context["page_obj"]}
    assert set(rows) == {of_project.pk, of_establishment.pk, both.pk}
    assert (rows[of_project.pk].finding_count, rows[of_project.pk].open_follow_ups) == (2, 1)
    assert (rows[both.pk].finding_count, rows[both.pk].open_follow_ups) == (0, 0)
    for inspection in (of_project, of_establishment, both):
        full = Inspection.objects.select_related("project", "establishment", "province").get(
            pk=inspection.pk
        )
        assert full.get_absolute_url() in page
        if full.project:
            assert full.project.code in page
        if full.establishment:
            assert full.establishment.name in page
        assert f'data-status="{full.status}"' in page
    assert world.hung_yen.name in page
    assert f"?inspection={of_project.pk}&status=open" in page


def test_the_api_list_returns_what_the_full_rows_say(client, monitor, world):
    _plan, of_project, of_establishment, both = _three_subjects(monitor, world)
    client.force_login(monitor.user("manager"))
    rows = {r["id"]: r for r in client.get("/api/v1/inspections/").json()["results"]}
    for inspection in (of_project, of_establishment, both):
        full = Inspection.objects.get(pk=inspection.pk)
        row = rows[full.pk]
        assert row["plan"] == full.plan_id and row["province"] == full.province_id
        assert row["project"] == full.project_id
        assert row["project_code"] == (full.project.code if full.project else None)
        assert row["establishment"] == full.establishment_id
        assert row["establishment_name"] == (
            full.establishment.name if full.establishment else None
        )
        assert row["province_name"] == full.province.name
        assert (row["status"], row["version"]) == (full.status, full.version)
        assert row["planned_date"] == full.planned_date.isoformat()
    assert (rows[of_project.pk]["finding_count"], rows[of_project.pk]["open_follow_ups"]) == (2, 1)


def test_the_follow_up_api_list_returns_what_the_full_rows_say(client, monitor, world):
    _plan, of_project, _of_establishment, _both = _three_subjects(monitor, world)
    services.follow_up_add(
        inspection=of_project,
        by=monitor.user("officer"),
        action="Báo cáo kết quả",
        owner_name="UBND xã",
        deadline=TODAY,
    )
    client.force_login(monitor.user("manager"))
    rows = client.get("/api/v1/follow-ups/").json()["results"]
    assert len(rows) == 2
    for row in rows:
        full = FollowUp.objects.get(pk=row["id"])
        assert row["subject"] == full.inspection.subject_label
        assert row["owner"] == full.owner_label
        assert row["province_name"] == full.inspection.province.name
        assert (row["inspection"], row["finding"]) == (full.inspection_id, full.finding_id)
        assert (row["action"], row["status"], row["version"]) == (
            full.action,
            full.status,
            full.version,
        )
        assert row["overdue"] == full.is_overdue_on(TODAY)


INSPECTION_COUNT = r'SELECT COUNT\(\*\) AS "__count" FROM "monitoring_inspection"(\s|$)'


def test_the_count_reads_the_inspections_alone(client, monitor, world):
    _three_subjects(monitor, world)
    client.force_login(monitor.user("ministry"))
    for path in (reverse("monitoring:inspection_list"), "/api/v1/inspections/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts = [q["sql"] for q in queries if re.match(INSPECTION_COUNT, q["sql"])]
        assert counts, path
        assert all("JOIN" not in sql and "GROUP BY" not in sql for sql in counts), counts


def test_the_plan_filter_offers_the_plans_by_title(client, monitor, world):
    plan = monitor.plan()
    other = monitor.plan(year=TODAY.year - 1, title="Kế hoạch kiểm tra năm trước")
    of_plan = monitor.inspection(plan=plan)
    monitor.inspection(plan=other, planned_date=datetime.date(TODAY.year - 1, 6, 1))
    client.force_login(monitor.user("manager"))
    url = reverse("monitoring:inspection_list")
    page = client.get(url).content.decode()
    select = re.search(r'<select name="plan".*?</select>', page, re.S).group(0)
    assert '<option value="" selected>' in select
    assert f'<option value="{plan.pk}">{plan.title}</option>' in select
    assert f'<option value="{other.pk}">{other.title}</option>' in select
    response = client.get(url, {"plan": plan.pk})
    select = re.search(r'<select name="plan".*?</select>', response.content.decode(), re.S)
    assert f'<option value="{plan.pk}" selected>' in select.group(0)
    assert [row.pk for row in response.context["page_obj"]] == [of_plan.pk]
    response = client.get(url, {"plan": 999_999})
    assert "plan" in response.context["filter"].form.errors
    assert client.get("/api/v1/inspections/", {"plan": 999_999}).status_code == 400


def test_a_national_user_sees_each_plans_province_in_the_filter(client, monitor, world):
    """Every province's plans share titles ("Kế hoạch kiểm tra … năm 2025"): a user who sees
    several provinces' plans is told whose each is; a province's own users see the title."""
    plan = monitor.plan()
    client.force_login(monitor.user("ministry"))
    page = client.get(reverse("monitoring:inspection_list")).content.decode()
    select = re.search(r'<select name="plan".*?</select>', page, re.S).group(0)
    assert f'<option value="{plan.pk}">{plan.title} — Hưng Yên</option>' in select
