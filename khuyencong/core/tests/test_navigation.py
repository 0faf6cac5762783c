"""The main menu: grouped by module, the national dashboard only for users who see the whole
country, and one active entry, the most specific one."""

import pytest
from django.urls import reverse
from django.utils import translation

from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import UserFactory, current_province
from khuyencong.core.navigation import menu_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _urls(items):
    return [item["url"] for item in items]


def test_the_national_dashboard_is_only_for_country_wide_users():
    province = current_province("Hưng Yên")
    officer = UserFactory(role=Role.PROVINCIAL_OFFICER, province=province)
    viewer_of_a_province = UserFactory(role=Role.VIEWER, province=province)
    ministry = UserFactory(role=Role.MINISTRY_OFFICER, province=None)
    national = reverse("dashboards:national")
    assert national not in _urls(menu_for(officer, "/"))
    assert national not in _urls(menu_for(viewer_of_a_province, "/"))
    assert national in _urls(menu_for(ministry, "/"))
    assert reverse("dashboards:province") in _urls(menu_for(officer, "/"))


def test_entries_come_in_groups_each_shown_once():
    ministry = UserFactory(role=Role.MINISTRY_OFFICER, province=None)
    groups = [str(item["group"]) for item in menu_for(ministry, "/")]
    seen = [g for i, g in enumerate(groups) if g and (i == 0 or groups[i - 1] != g)]
    assert seen == [
        "Projects and plans",
        "Monitoring",
        "Typical products",
        "Registry",
        "Reports",
        "System",
    ]


def test_only_the_most_specific_entry_is_active():
    ministry = UserFactory(role=Role.MINISTRY_OFFICER, province=None)
    items = menu_for(ministry, reverse("submissions:overview"))
    active = [item["url"] for item in items if item["active"]]
    assert active == [reverse("submissions:overview")]
    items = menu_for(ministry, reverse("dashboards:national"))
    assert [item["url"] for item in items if item["active"]] == [reverse("dashboards:national")]
    items = menu_for(ministry, "/")
    assert [item["url"] for item in items if item["active"]] == ["/"]


def test_the_menu_shows_group_headings(client):
    client.force_login(UserFactory(role=Role.MINISTRY_OFFICER, province=None))
    with translation.override("vi"):
        body = client.get(reverse("home")).content.decode()
    assert body.count('class="nav-item sidebar-group') == 6
    assert "Kiểm tra, giám sát" in body
