"""Follow-ups whose deadline has passed while they are neither done nor closed are flagged:
in the queryset, the list page (filter and count), the inspection page, the API and the export."""

import datetime

from django.urls import reverse

from khuyencong.monitoring import services
from khuyencong.monitoring.models import FollowUp
from khuyencong.projects.tests.conftest import TODAY


def _follow_ups(monitor):
    officer = monitor.user("officer")
    inspection = monitor.recorded(actual_date=TODAY - datetime.timedelta(days=20))

    def add(action, days):
        return services.follow_up_add(
            inspection=inspection,
            by=officer,
            action=action,
            owner_name="UBND xã",
            deadline=TODAY + datetime.timedelta(days=days),
        )

    late = add("Quá hạn mở", -5)
    done_late = add("Quá hạn nhưng đã làm", -6)
    services.follow_up_transition(
        follow_up=done_late, by=officer, name="mark_done", data={"decision_date": TODAY}
    )
    closed_late = add("Quá hạn nhưng đã đóng", -7)
    services.follow_up_transition(
        follow_up=closed_late,
        by=officer,
        name="close",
        data={"decision_date": TODAY, "note": "Bỏ"},
    )
    add("Còn hạn", 5)
    add("Hạn hôm nay", 0)
    return inspection, late


def test_overdue_means_deadline_passed_and_still_open(monitor):
    _inspection, late = _follow_ups(monitor)
    assert list(FollowUp.objects.overdue(TODAY)) == [late]
    assert late.is_overdue and late.is_overdue_on(TODAY)
    # Seen from later on, the one due today is overdue too.
    later = TODAY + datetime.timedelta(days=1)
    assert {f.action for f in FollowUp.objects.overdue(later)} == {"Quá hạn mở", "Hạn hôm nay"}


def test_pages_flag_and_filter_the_overdue(client, monitor):
    inspection, late = _follow_ups(monitor)
    client.force_login(monitor.user("officer"))
    page = client.get(reverse("monitoring:follow_up_list"))
    assert page.status_code == 200
    assert page.context["summary"] == {"total": 5, "open": 3, "overdue": 1}
    assert page.content.decode().count("data-overdue") == 1
    only = client.get(reverse("monitoring:follow_up_list"), {"overdue": "true"})
    assert [f.pk for f in only.context["page_obj"]] == [late.pk]
    detail = client.get(inspection.get_absolute_url()).content.decode()
    assert detail.count("data-overdue") == 1
    assert "data-overdue" in client.get(late.get_absolute_url()).content.decode()


def test_api_and_export_flag_the_overdue(client, monitor):
    _inspection, late = _follow_ups(monitor)
    client.force_login(monitor.user("officer"))
    rows = client.get("/api/v1/follow-ups/", {"overdue": "true"}).json()["results"]
    assert [(r["id"], r["overdue"]) for r in rows] == [(late.pk, True)]
    export = client.get(reverse("core:export", args=["follow-ups"]), {"format": "csv"})
    text = export.content.decode("utf-8-sig")
    line = next(row for row in text.splitlines() if "Quá hạn mở" in row)
    assert ",Yes," in line
