"""Who may see and change what: every role against rows in and out of their scope,
by list page, detail page, edit form, form POST and API."""

import pytest
from django.urls import reverse

from khuyencong.accounts.models import Organisation
from khuyencong.accounts.roles import Action, Role
from khuyencong.accounts.tests.factories import OrganisationFactory, UserFactory, current_province
from khuyencong.core.scope import restrict
from khuyencong.geo.models import Commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    hung_yen = current_province("Hưng Yên")
    bac_ninh = current_province("Bắc Ninh")
    my_commune, other_commune = (
        Commune.objects.current().filter(province=hung_yen).order_by("code")[:2]
    )
    orgs = {
        "own": OrganisationFactory(name="TTKC Hưng Yên", province=hung_yen),
        "own_commune": OrganisationFactory(
            name="UBND xã của tôi",
            province=hung_yen,
            commune=my_commune,
            kind=Organisation.Kind.PEOPLES_COMMITTEE,
        ),
        "other_commune": OrganisationFactory(
            name="UBND xã khác",
            province=hung_yen,
            commune=other_commune,
            kind=Organisation.Kind.PEOPLES_COMMITTEE,
        ),
        "other": OrganisationFactory(name="TTKC Bắc Ninh", province=bac_ninh),
    }
    users = {
        "admin": UserFactory(role=Role.ADMIN, province=None),
        "ministry": UserFactory(role=Role.MINISTRY_OFFICER, province=None),
        "manager": UserFactory(role=Role.PROVINCIAL_MANAGER, province=hung_yen),
        "officer": UserFactory(role=Role.PROVINCIAL_OFFICER, province=hung_yen),
        "collaborator": UserFactory(
            role=Role.COLLABORATOR, province=hung_yen, communes=[my_commune]
        ),
        "establishment": UserFactory(role=Role.ESTABLISHMENT, province=None),
        "viewer_province": UserFactory(role=Role.VIEWER, province=hung_yen),
        "viewer_country": UserFactory(role=Role.VIEWER, province=None),
    }
    return orgs, users


ALL = {"own", "own_commune", "other_commune", "other"}
HUNG_YEN = {"own", "own_commune", "other_commune"}

# role -> (rows it may view, rows it may change)
EXPECTED = {
    "admin": (ALL, ALL),
    "ministry": (ALL, ALL),
    "manager": (HUNG_YEN, HUNG_YEN),
    "officer": (HUNG_YEN, HUNG_YEN),
    "collaborator": ({"own_commune"}, {"own_commune"}),
    "establishment": (set(), set()),
    "viewer_province": (HUNG_YEN, set()),
    "viewer_country": (ALL, set()),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_restrict_gives_each_role_exactly_its_rows(world, role):
    orgs, users = world
    names = {v.pk: k for k, v in orgs.items()}
    may_view, may_change = EXPECTED[role]
    for action, expected in ((Action.VIEW, may_view), (Action.CHANGE, may_change)):
        visible = restrict(Organisation.objects.filter(pk__in=names), users[role], action)
        assert {names[o.pk] for o in visible} == expected, (role, action)


@pytest.mark.parametrize("role", EXPECTED)
def test_pages_and_api_follow_the_scope(client, world, role):
    orgs, users = world
    client.force_login(users[role])
    may_view, _ = EXPECTED[role]
    listing = client.get(reverse("accounts:organisation_list")).content.decode()
    api = client.get("/api/v1/organisations/?page_size=100").json()
    api_names = {row["name"] for row in api["results"]}
    for key, org in orgs.items():
        detail = client.get(reverse("accounts:organisation_detail", args=[org.pk]))
        if key in may_view:
            assert detail.status_code == 200, (role, key)
            assert org.name in listing and org.name in api_names
        else:
            assert detail.status_code == 404, (role, key)
            assert org.name not in listing and org.name not in api_names
        assert client.get(f"/api/v1/organisations/{org.pk}/").status_code == (
            200 if key in may_view else 404
        )


@pytest.mark.parametrize(
    "role", ["officer", "collaborator", "viewer_province", "viewer_country", "establishment"]
)
def test_roles_that_may_not_manage_organisations_cannot_edit(client, world, role):
    orgs, users = world
    client.force_login(users[role])
    url = reverse("accounts:organisation_edit", args=[orgs["own"].pk])
    response = client.post(url, {"name": "Đổi tên", "kind": "extension_centre", "version": 1})
    assert response.status_code in (403, 404)
    assert Organisation.objects.get(pk=orgs["own"].pk).name == "TTKC Hưng Yên"
    assert client.get(reverse("accounts:organisation_create")).status_code == 403


def test_manager_cannot_edit_another_province_by_url_or_move_a_row_into_it(client, world):
    orgs, users = world
    client.force_login(users["manager"])
    other_url = reverse("accounts:organisation_edit", args=[orgs["other"].pk])
    assert client.get(other_url).status_code == 404
    assert (
        client.post(other_url, {"name": "X", "kind": "extension_centre", "version": 1}).status_code
        == 404
    )
    bac_ninh = orgs["other"].province
    response = client.post(
        reverse("accounts:organisation_edit", args=[orgs["own"].pk]),
        {
            "name": "TTKC Hưng Yên",
            "kind": "extension_centre",
            "province": bac_ninh.pk,
            "version": 1,
        },
    )
    assert response.status_code == 200  # the form refuses a province outside the list
    assert Organisation.objects.get(pk=orgs["own"].pk).province_id != bac_ninh.pk


def test_anonymous_users_are_sent_to_login_and_api_refuses(client, world):
    response = client.get(reverse("accounts:organisation_list"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/api/v1/organisations/").status_code in (401, 403)
