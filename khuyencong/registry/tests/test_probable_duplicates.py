"""A probable duplicate (same name without legal-form words, same commune) is shown before
saving; saving needs the 'different establishment' confirmation."""

import pytest
from django.urls import reverse

from khuyencong.registry import services
from khuyencong.registry.models import Establishment, name_key
from khuyencong.registry.tests.factories import (
    EstablishmentFactory,
    establishment_form_data,
    kind,
)

pytestmark = pytest.mark.django_db


def test_legal_form_words_do_not_count_in_the_name_key():
    assert name_key("Công ty TNHH MTV Gốm Phù Lãng") == "gom phu lang"
    assert name_key("Cty gốm Phù Lãng") == "gom phu lang"
    assert name_key("HTX làng nghề chiếu cói Lật Dương") == name_key(
        "Hợp tác xã Làng nghề Chiếu cói Lật Dương"
    )
    assert name_key("Hộ kinh doanh Nguyễn Văn A") == "nguyen van a"


def test_form_shows_the_candidates_and_saves_only_after_confirmation(client, world):
    existing = EstablishmentFactory(name="Công ty TNHH Gốm Phù Lãng", commune=world.my_commune)
    client.force_login(world.users["officer"])
    data = establishment_form_data(world.my_commune, name="Cty gốm Phù Lãng", tax_code="")
    data["kind"] = kind("household_business").pk
    data["business_registration_no"] = "08A8000123"
    response = client.post(reverse("registry:establishment_create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="duplicates"' in body and existing.get_absolute_url() in body
    assert 'type="checkbox" name="confirm_not_duplicate"' in body
    assert not Establishment.objects.filter(name="Cty gốm Phù Lãng").exists()

    response = client.post(
        reverse("registry:establishment_create"), {**data, "confirm_not_duplicate": "on"}
    )
    assert response.status_code == 302
    assert Establishment.objects.filter(name="Cty gốm Phù Lãng").exists()


def test_same_name_in_another_commune_or_a_merged_record_is_not_a_candidate(world):
    EstablishmentFactory(name="Công ty Gốm Phù Lãng", commune=world.other_commune)
    target = EstablishmentFactory(name="Gốm Nam", commune=world.my_commune)
    EstablishmentFactory(name="HTX Gốm Phù Lãng", commune=world.my_commune, merged_into=target)
    created = services.establishment_create(
        by=world.users["officer"],
        name="Gốm Phù Lãng",
        kind=kind(),
        tax_code="0900777666",
        commune=world.my_commune,
    )
    assert created.pk


def test_api_lists_the_candidates_and_accepts_the_confirmation(client, world):
    existing = EstablishmentFactory(name="HTX Mây tre Tân Hưng", commune=world.my_commune)
    client.force_login(world.users["officer"])
    payload = {
        "name": "Hợp tác xã mây tre Tân Hưng",
        "kind": kind("cooperative").pk,
        "tax_code": "0900555444",
        "commune": world.my_commune.pk,
    }
    response = client.post("/api/v1/establishments/", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["duplicates"][0]["id"] == existing.pk
    response = client.post(
        "/api/v1/establishments/",
        {**payload, "confirm_not_duplicate": True},
        content_type="application/json",
    )
    assert response.status_code == 201


def test_editing_other_fields_of_a_confirmed_pair_does_not_ask_again(world):
    EstablishmentFactory(name="Công ty Gốm Phù Lãng", commune=world.my_commune)
    second = services.establishment_create(
        by=world.users["officer"],
        name="Cty Gốm Phù Lãng",
        kind=kind(),
        tax_code="0900555000",
        commune=world.my_commune,
        confirm_not_duplicate=True,
    )
    services.establishment_update(
        establishment=second, by=world.users["officer"], expected_version=1, phone="0221 111"
    )
    second.refresh_from_db()
    assert second.phone == "0221 111"
