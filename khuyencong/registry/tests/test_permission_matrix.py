"""Who may see and change registry rows: every role against rows in their commune, in another
commune of their province and in another province — by list page, detail page, edit page, form
POST and API."""

import pytest
from django.urls import reverse

from khuyencong.accounts.roles import Action
from khuyencong.core.scope import restrict
from khuyencong.registry import services
from khuyencong.registry.models import Artisan, Collaborator, CraftVillage, Establishment

pytestmark = pytest.mark.django_db

ALL = {"own_commune", "other_commune", "other"}
HUNG_YEN = {"own_commune", "other_commune"}
MINE = {"own_commune"}
NONE: set = set()

MODELS = {
    "establishment": (Establishment, "name", "establishments"),
    "craft_village": (CraftVillage, "name", "craft-villages"),
    "artisan": (Artisan, "full_name", "artisans"),
    "collaborator": (Collaborator, "full_name", "collaborators"),
}

# model -> role -> (rows it may view, rows it may change)
EXPECTED = {
    "establishment": {
        "admin": (ALL, ALL),
        "ministry": (ALL, ALL),
        "manager": (HUNG_YEN, HUNG_YEN),
        "officer": (HUNG_YEN, HUNG_YEN),
        "collaborator": (MINE, MINE),
        "establishment": (MINE, NONE),
        "viewer_province": (HUNG_YEN, NONE),
        "viewer_country": (ALL, NONE),
        "other_officer": ({"other"}, {"other"}),
    },
    "craft_village": {
        "admin": (ALL, ALL),
        "ministry": (ALL, ALL),
        "manager": (HUNG_YEN, HUNG_YEN),
        "officer": (HUNG_YEN, HUNG_YEN),
        "collaborator": (MINE, NONE),
        "establishment": (NONE, NONE),
        "viewer_province": (HUNG_YEN, NONE),
        "viewer_country": (ALL, NONE),
        "other_officer": ({"other"}, {"other"}),
    },
    "artisan": {
        "admin": (ALL, ALL),
        "ministry": (ALL, ALL),
        "manager": (HUNG_YEN, HUNG_YEN),
        "officer": (HUNG_YEN, HUNG_YEN),
        "collaborator": (HUNG_YEN, NONE),
        "establishment": (MINE, NONE),
        "viewer_province": (HUNG_YEN, NONE),
        "viewer_country": (ALL, NONE),
        "other_officer": ({"other"}, {"other"}),
    },
    "collaborator": {
        "admin": (ALL, ALL),
        "ministry": (ALL, ALL),
        "manager": (HUNG_YEN, HUNG_YEN),
        "officer": (HUNG_YEN, HUNG_YEN),
        "collaborator": (HUNG_YEN, NONE),
        "establishment": (NONE, NONE),
        "viewer_province": (HUNG_YEN, NONE),
        "viewer_country": (ALL, NONE),
        "other_officer": ({"other"}, {"other"}),
    },
}
CHANGE_FIELD = {
    "establishment": "phone",
    "craft_village": "trade",
    "artisan": "trade",
    "collaborator": "phone",
}
CASES = [(model, role) for model, roles in EXPECTED.items() for role in roles]


@pytest.mark.parametrize(("model", "role"), CASES)
def test_each_role_sees_and_may_change_exactly_its_rows(world, model, role):
    klass, _field, _api = MODELS[model]
    rows = world.rows[model]
    user = world.users[role]
    keys = {row.pk: key for key, row in rows.items()}
    may_view, may_change = EXPECTED[model][role]
    visible = restrict(klass.objects.filter(pk__in=keys), user, Action.VIEW)
    assert {keys[r.pk] for r in visible} == may_view
    assert {k for k, row in rows.items() if services.may_change(user, row)} == may_change


@pytest.mark.parametrize(("model", "role"), CASES)
def test_pages_and_api_follow_the_scope(client, world, model, role):
    _klass, field, api = MODELS[model]
    client.force_login(world.users[role])
    may_view, _may_change = EXPECTED[model][role]
    listing = client.get(reverse(f"registry:{model}_list")).content.decode()
    api_list = client.get(f"/api/v1/{api}/")
    assert api_list.status_code == 200
    api_names = {row[field] for row in api_list.json()["results"]}
    for key, row in world.rows[model].items():
        name = getattr(row, field)
        detail = client.get(reverse(f"registry:{model}_detail", args=[row.pk]))
        api_detail = client.get(f"/api/v1/{api}/{row.pk}/")
        if key in may_view:
            assert detail.status_code == 200, (model, role, key)
            assert api_detail.status_code == 200
            assert name in listing and name in api_names, (model, role, key)
        else:
            assert detail.status_code == 404, (model, role, key)
            assert api_detail.status_code == 404
            assert name not in listing and name not in api_names, (model, role, key)


@pytest.mark.parametrize(("model", "role"), CASES)
def test_only_rows_the_role_may_change_open_for_editing(client, world, model, role):
    _klass, _field, api = MODELS[model]
    client.force_login(world.users[role])
    may_view, may_change = EXPECTED[model][role]
    for key, row in world.rows[model].items():
        edit = client.get(reverse(f"registry:{model}_edit", args=[row.pk]))
        patch = client.patch(
            f"/api/v1/{api}/{row.pk}/",
            {"version": row.version, CHANGE_FIELD[model]: "0221 3862 555"},
            content_type="application/json",
        )
        if key in may_change:
            assert edit.status_code == 200, (model, role, key)
            assert patch.status_code == 200, (model, role, key, patch.content)
        else:
            assert edit.status_code in (403, 404), (model, role, key)
            assert patch.status_code == (403 if key in may_view else 404), (model, role, key)
        row.refresh_from_db()
        assert (getattr(row, CHANGE_FIELD[model]) == "0221 3862 555") == (key in may_change)


WRITERS = {
    "establishment": {"admin", "ministry", "manager", "officer", "collaborator", "other_officer"},
    "craft_village": {"admin", "ministry", "manager", "officer", "other_officer"},
    "artisan": {"admin", "ministry", "manager", "officer", "other_officer"},
    "collaborator": {"admin", "ministry", "manager", "officer", "other_officer"},
}


@pytest.mark.parametrize(("model", "role"), CASES)
def test_new_buttons_and_create_pages_only_for_writers(client, world, model, role):
    client.force_login(world.users[role])
    create = client.get(reverse(f"registry:{model}_create"))
    listing = client.get(reverse(f"registry:{model}_list")).content.decode()
    if role in WRITERS[model]:
        assert create.status_code == 200
        assert reverse(f"registry:{model}_create") in listing
    else:
        assert create.status_code == 403
        assert reverse(f"registry:{model}_create") not in listing


def test_anonymous_users_are_sent_to_login_and_the_api_refuses(client, world):
    for model, (_klass, _field, api) in MODELS.items():
        response = client.get(reverse(f"registry:{model}_list"))
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert client.get(f"/api/v1/{api}/").status_code in (401, 403)
