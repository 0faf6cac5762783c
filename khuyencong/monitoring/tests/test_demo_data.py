"""The monitoring demo loads through the services on top of the demo projects, and its pages
open with it."""

import pytest
from django.urls import reverse

from khuyencong.accounts.models import User
from khuyencong.core.demo import load_demo
from khuyencong.monitoring.demo import load_demo_monitoring
from khuyencong.monitoring.models import FollowUp, Inspection, InspectionPlan, Survey

pytestmark = pytest.mark.django_db


def test_demo_monitoring_loads_and_its_pages_open(client):
    load_demo()
    if not InspectionPlan.objects.exists():  # until core.demo calls it
        load_demo_monitoring()
    assert Inspection.objects.filter(status="done").count() == 1
    assert Inspection.objects.filter(status="planned").exists()
    assert FollowUp.objects.overdue().count() == 1
    assert FollowUp.objects.filter(status="closed").count() == 1
    assert Survey.objects.exists()
    client.force_login(User.objects.get(username="canbo.hungyen"))
    plan = InspectionPlan.objects.get()
    for url in (
        plan.get_absolute_url(),
        Inspection.objects.get(status="done").get_absolute_url(),
        reverse("monitoring:follow_up_list"),
        reverse("monitoring:survey_due"),
    ):
        assert client.get(url).status_code == 200, url
