import pytest
from django.urls import reverse

from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import OrganisationFactory, UserFactory, current_province

pytestmark = pytest.mark.django_db


def _counts(response):
    return {str(c.label): c.value for c in response.context["counts"]}


def test_home_counts_are_real_and_scoped(client):
    hung_yen = current_province("Hưng Yên")
    OrganisationFactory(province=hung_yen)
    OrganisationFactory(province=current_province("Bắc Ninh"))
    officer = UserFactory(role=Role.PROVINCIAL_OFFICER, province=hung_yen)
    client.force_login(officer)
    counts = _counts(client.get(reverse("home")))
    assert counts["Tỉnh, thành phố"] == 1
    assert counts["Cơ quan, đơn vị"] == 1
    assert counts["Xã, phường, đặc khu"] == hung_yen.communes.filter(valid_to__isnull=True).count()

    ministry = UserFactory(role=Role.MINISTRY_OFFICER, province=None)
    client.force_login(ministry)
    counts = _counts(client.get(reverse("home")))
    assert counts["Tỉnh, thành phố"] == 34
    assert counts["Xã, phường, đặc khu"] == 3321
    assert counts["Cơ quan, đơn vị"] == 2


def test_menu_depends_on_role(client):
    officer = UserFactory(role=Role.PROVINCIAL_OFFICER)
    client.force_login(officer)
    body = client.get(reverse("home")).content.decode()
    assert reverse("core:audit_list") not in body
    assert client.get(reverse("core:audit_list")).status_code == 403
    manager = UserFactory(role=Role.PROVINCIAL_MANAGER)
    client.force_login(manager)
    assert reverse("core:audit_list") in client.get(reverse("home")).content.decode()


def test_audit_list_is_scoped_to_the_managers_province(client):
    OrganisationFactory(name="Đơn vị Hưng Yên", province=current_province("Hưng Yên"))
    OrganisationFactory(name="Đơn vị Bắc Ninh", province=current_province("Bắc Ninh"))
    manager = UserFactory(role=Role.PROVINCIAL_MANAGER, province=current_province("Hưng Yên"))
    client.force_login(manager)
    body = client.get(reverse("core:audit_list")).content.decode()
    assert "Đơn vị Hưng Yên" in body and "Đơn vị Bắc Ninh" not in body
    body = client.get(reverse("core:audit_list"), {"q": "không có"}).content.decode()
    assert "Đơn vị Hưng Yên" not in body
