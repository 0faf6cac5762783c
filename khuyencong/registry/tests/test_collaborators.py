"""Recording extension collaborators: communes of their province, an active period that makes
sense, a linked account of a collaborator of the same province, trainings kept as rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import UserFactory
from khuyencong.core.selectors import history_of
from khuyencong.registry import services
from khuyencong.registry.models import Collaborator
from khuyencong.registry.tests.factories import CollaboratorFactory, formset_data

pytestmark = pytest.mark.django_db


def _errors(world, **values):
    arguments = {
        "by": world.users["manager"],
        "full_name": "Phạm Thị Sai",
        "province": world.hung_yen,
        "communes": [world.my_commune],
        **values,
    }
    with pytest.raises(ValidationError) as error:
        services.collaborator_create(**arguments)
    assert not Collaborator.objects.filter(full_name="Phạm Thị Sai").exists()
    return error.value.message_dict


def test_officer_records_a_collaborator_with_communes_and_trainings(client, world):
    client.force_login(world.users["officer"])
    data = {
        "full_name": "Nguyễn Thị Cộng",
        "gender": "female",
        "province": world.hung_yen.pk,
        "communes": [world.my_commune.pk, world.other_commune.pk],
        "active_from": "01/03/2024",
        **formset_data(
            "trainings",
            [{"date": "15/04/2024", "course": "Nghiệp vụ khuyến công", "organiser": "Cục ĐMST"}],
        ),
    }
    response = client.post(reverse("registry:collaborator_create"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    collaborator = Collaborator.objects.get(full_name="Nguyễn Thị Cộng")
    assert set(collaborator.communes.all()) == {world.my_commune, world.other_commune}
    training = collaborator.trainings.get()
    assert training.date == datetime.date(2024, 4, 15) and training.organiser == "Cục ĐMST"
    assert history_of(collaborator).filter(event="collaborator.trainings_changed").exists()
    body = client.get(response["Location"]).content.decode()
    assert "Nghiệp vụ khuyến công" in body and world.other_commune.full_name in body


def test_editing_keeps_unchanged_trainings_and_records_the_rest(world):
    collaborator = CollaboratorFactory(province=world.hung_yen, communes=[world.my_commune])
    by = world.users["officer"]
    first = {"date": datetime.date(2023, 5, 1), "course": "Khóa A", "organiser": ""}
    second = {"date": datetime.date(2024, 5, 1), "course": "Khóa B", "organiser": ""}
    services.collaborator_update(
        collaborator=collaborator, by=by, expected_version=1, trainings=[first]
    )
    kept = collaborator.trainings.get()
    services.collaborator_update(
        collaborator=collaborator, by=by, expected_version=2, trainings=[first, second]
    )
    assert collaborator.trainings.count() == 2 and collaborator.trainings.filter(pk=kept.pk)
    events = history_of(collaborator).filter(event="collaborator.trainings_changed")
    assert [e.changes for e in events] == [
        {"added": "01/05/2024 Khóa B"},
        {"added": "01/05/2023 Khóa A"},
    ]


def test_active_until_cannot_be_before_active_from(world):
    errors = _errors(
        world, active_from=datetime.date(2024, 6, 1), active_to=datetime.date(2024, 5, 31)
    )
    assert "active_to" in errors


def test_communes_must_be_todays_and_in_the_collaborators_province(world):
    assert "communes" in _errors(world, communes=[world.my_commune, world.bn_commune])
    from khuyencong.geo.models import Commune

    old = Commune.objects.before_reform().filter(province__name="Thái Bình").first()
    assert "communes" in _errors(world, communes=[old])


def test_linked_account_must_be_a_collaborator_of_the_province_and_only_once(world):
    assert "user" in _errors(world, user=world.users["officer"])
    bac_ninh_collaborator = UserFactory(
        role=Role.COLLABORATOR, province=world.bac_ninh, communes=[world.bn_commune]
    )
    assert "user" in _errors(world, user=bac_ninh_collaborator)
    account = world.users["collaborator"]
    services.collaborator_create(
        by=world.users["manager"], full_name="Chủ tài khoản", province=world.hung_yen, user=account
    )
    assert "user" in _errors(world, user=account)


def test_page_errors_appear_next_to_the_fields(client, world):
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("registry:collaborator_create"),
        {
            "full_name": "Phạm Thị Sai",
            "province": world.hung_yen.pk,
            "active_from": "01/06/2024",
            "active_to": "01/05/2024",
            **formset_data("trainings", [{"course": "Khóa không ngày"}]),
        },
    )
    assert response.status_code == 200
    assert "date" in response.context["trainings"].errors[0]
    response = client.post(
        reverse("registry:collaborator_create"),
        {
            "full_name": "Phạm Thị Sai",
            "province": world.hung_yen.pk,
            "active_from": "01/06/2024",
            "active_to": "01/05/2024",
            **formset_data("trainings", []),
        },
    )
    assert "active_to" in response.context["form"].errors
    assert not Collaborator.objects.filter(full_name="Phạm Thị Sai").exists()


def test_a_collaborator_user_cannot_manage_collaborators(client, world):
    client.force_login(world.users["collaborator"])
    assert client.get(reverse("registry:collaborator_create")).status_code == 403
    row = world.rows["collaborator"]["own_commune"]
    assert client.get(reverse("registry:collaborator_edit", args=[row.pk])).status_code in (
        403,
        404,
    )
