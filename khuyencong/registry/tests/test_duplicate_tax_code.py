"""A tax code belongs to one establishment: a second one is refused with a link to the first
(or, outside the writer's scope, with the province only), by page, service and API."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import UserFactory
from khuyencong.registry import services
from khuyencong.registry.models import Establishment
from khuyencong.registry.tests.factories import (
    EstablishmentFactory,
    establishment_form_data,
    kind,
)

pytestmark = pytest.mark.django_db


def test_page_refuses_a_known_tax_code_with_a_link_to_the_record(client, world):
    existing = EstablishmentFactory(name="Công ty Cói Kim Sơn", tax_code="0900111222")
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("registry:establishment_create"),
        establishment_form_data(world.my_commune, name="Công ty khác hẳn", tax_code="0900111222"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["tax_code"]
    body = response.content.decode()
    assert f'<a href="{existing.get_absolute_url()}">Công ty Cói Kim Sơn</a>' in body
    assert errors and not Establishment.objects.filter(name="Công ty khác hẳn").exists()


def test_a_tax_code_outside_the_writers_scope_names_only_the_province(world):
    EstablishmentFactory(
        name="Công ty Bí mật Bắc Ninh", tax_code="2300999888", commune=world.bn_commune
    )
    with pytest.raises(ValidationError) as error:
        services.establishment_create(
            by=world.users["officer"],
            name="Công ty Hưng Yên",
            kind=kind(),
            tax_code="2300999888",
            commune=world.my_commune,
        )
    message = " ".join(error.value.message_dict["tax_code"])
    assert "Bắc Ninh" in message and "Bí mật" not in message
    assert not Establishment.objects.filter(name="Công ty Hưng Yên").exists()


def test_changing_to_a_known_tax_code_is_refused_and_a_branch_code_is_another_code(world):
    EstablishmentFactory(tax_code="0900111222")
    other = EstablishmentFactory(tax_code="0900333444")
    with pytest.raises(ValidationError) as error:
        services.establishment_update(
            establishment=other,
            by=world.users["admin"],
            expected_version=other.version,
            tax_code="0900111222",
        )
    assert "tax_code" in error.value.message_dict
    other.refresh_from_db()
    assert other.tax_code == "0900333444" and other.version == 1
    branch = services.establishment_create(
        by=world.users["admin"],
        name="Chi nhánh Công ty Cói",
        kind=kind(),
        tax_code="0900111222-001",
        commune=world.my_commune,
    )
    assert branch.tax_code == "0900111222-001"


def test_api_refuses_a_known_tax_code_and_the_error_carries_the_url(client, world):
    existing = EstablishmentFactory(tax_code="0900111222")
    client.force_login(world.users["officer"])
    response = client.post(
        "/api/v1/establishments/",
        {
            "name": "Công ty trùng mã",
            "kind": kind().pk,
            "tax_code": "0900111222",
            "commune": world.my_commune.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert existing.get_absolute_url() in " ".join(response.json()["tax_code"])


def test_spaces_in_a_tax_code_do_not_make_it_another_code(world):
    EstablishmentFactory(tax_code="0900111222")
    user = UserFactory(role=Role.ADMIN, province=None)
    with pytest.raises(ValidationError):
        services.establishment_create(
            by=user, name="Cty X", kind=kind(), tax_code="0900 111 222", commune=world.my_commune
        )
