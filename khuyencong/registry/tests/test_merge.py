"""Merging a duplicate establishment: every link moves to the record kept (user accounts,
artisans, revenues without a second value per year, earlier merges), the duplicate is kept,
stopped and hidden from lists, both histories get the event. Administrators only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import UserFactory
from khuyencong.core.selectors import history_of
from khuyencong.registry import services
from khuyencong.registry.models import Establishment
from khuyencong.registry.tests.factories import (
    ArtisanFactory,
    EstablishmentFactory,
    RevenueFactory,
    establishment_form_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    target = EstablishmentFactory(name="HTX Gốm Phù Lãng", tax_code="", commune=world.my_commune)
    target.kind = target.kind.__class__.objects.get(code="household_business")
    target.business_registration_no = "08A8000001"
    target.save()
    source = EstablishmentFactory(
        name="Hợp tác xã gốm Phù Lãng", tax_code="0900444555", commune=world.my_commune
    )
    RevenueFactory(establishment=target, year=2022, amount=100)
    RevenueFactory(establishment=source, year=2022, amount=999)
    RevenueFactory(establishment=source, year=2023, amount=300)
    account = UserFactory(role=Role.ESTABLISHMENT, province=None, establishment=source)
    artisan = ArtisanFactory(establishment=source)
    earlier = EstablishmentFactory(name="Gốm PL cũ", commune=world.my_commune, merged_into=source)
    return source, target, account, artisan, earlier


def test_merge_moves_every_link_and_keeps_the_targets_revenue_per_year(world, pair):
    source, target, account, artisan, earlier = pair
    plan = services.establishment_merge(
        source=source, target=target, by=world.users["admin"], note="Cùng một HTX"
    )
    account.refresh_from_db()
    artisan.refresh_from_db()
    earlier.refresh_from_db()
    source.refresh_from_db()
    target.refresh_from_db()
    assert account.establishment == target
    assert artisan.establishment == target
    assert earlier.merged_into == target
    assert dict(target.revenues.values_list("year", "amount")) == {2022: 100, 2023: 300}
    assert dict(source.revenues.values_list("year", "amount")) == {2022: 999}
    assert [row.year for _label, row in plan.conflicts] == [2022]
    assert source.merged_into == target and source.status == "stopped" and source.stopped_on
    assert target.tax_code == "0900444555" and source.tax_code == ""

    on_source = history_of(source).get(event="establishment.merged")
    on_target = history_of(target).get(event="establishment.merged")
    assert on_source.changes["target_id"] == target.pk
    assert on_target.changes["source_id"] == source.pk
    assert on_source.note == on_target.note == "Cùng một HTX"
    assert "2022" in on_target.changes["kept_on_source"]
    assert history_of(source).filter(action="create").exists()


def test_merged_records_are_hidden_from_lists_unless_asked_and_say_where_they_went(
    client, world, pair
):
    source, target, *_ = pair
    services.establishment_merge(source=source, target=target, by=world.users["admin"])
    client.force_login(world.users["officer"])
    listing = client.get(reverse("registry:establishment_list")).content.decode()
    assert source.name not in listing and target.name in listing
    shown = client.get(reverse("registry:establishment_list"), {"merged": "include"})
    assert source.name in shown.content.decode()
    only = client.get(reverse("registry:establishment_list"), {"merged": "only"})
    assert {e.name for e in only.context["page_obj"]} == {source.name, "Gốm PL cũ"}
    api = client.get("/api/v1/establishments/").json()["results"]
    assert source.name not in {row["name"] for row in api}
    assert client.get(f"/api/v1/establishments/{source.pk}/").json()["merged_into"] == target.pk
    detail = client.get(reverse("registry:establishment_detail", args=[source.pk]))
    body = detail.content.decode()
    assert 'id="merged-notice"' in body and target.get_absolute_url() in body
    assert reverse("registry:establishment_edit", args=[source.pk]) not in body
    assert client.get(reverse("registry:establishment_edit", args=[source.pk])).status_code == 403


@pytest.mark.parametrize(
    "role", ["ministry", "manager", "officer", "collaborator", "viewer_country"]
)
def test_only_administrators_merge(client, world, pair, role):
    source, target, *_ = pair
    with pytest.raises(PermissionDenied):
        services.establishment_merge(source=source, target=target, by=world.users[role])
    client.force_login(world.users[role])
    assert client.get(reverse("registry:establishment_merge")).status_code == 403
    response = client.post(
        reverse("registry:establishment_merge"), {"source": source.pk, "target": target.pk}
    )
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.merged_into is None


def test_merge_page_previews_then_merges(client, world, pair):
    source, target, *_ = pair
    client.force_login(world.users["admin"])
    url = reverse("registry:establishment_merge")
    preview = client.get(url, {"source": source.pk, "target": target.pk})
    body = preview.content.decode()
    assert 'id="preview"' in body
    moved = {move.label: move.count for move in preview.context["plan"].moved}
    assert sum(moved.values()) == 4  # one account, one artisan, one revenue, one earlier merge
    response = client.post(url, {"source": source.pk, "target": target.pk, "note": "trùng"})
    assert response.status_code == 302 and response["Location"] == target.get_absolute_url()
    source.refresh_from_db()
    assert source.merged_into == target


def test_a_merged_record_is_neither_merged_again_nor_a_target(world, pair):
    source, target, *_ = pair
    admin = world.users["admin"]
    services.establishment_merge(source=source, target=target, by=admin)
    third = EstablishmentFactory(commune=world.my_commune)
    with pytest.raises(ValidationError) as error:
        services.establishment_merge(source=source, target=third, by=admin)
    assert "source" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.establishment_merge(source=third, target=source, by=admin)
    assert "target" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.establishment_merge(source=third, target=third, by=admin)


def test_an_edit_form_opened_before_the_merge_is_refused(client, world, pair):
    source, target, *_ = pair
    client.force_login(world.users["officer"])
    url = reverse("registry:establishment_edit", args=[target.pk])
    data = establishment_form_data(
        world.my_commune,
        name=target.name,
        kind=target.kind.pk,
        tax_code="",
        business_registration_no="08A8000001",
        version=target.version,
        phone="0987",
    )
    services.establishment_merge(source=source, target=target, by=world.users["admin"])
    response = client.post(url, data)
    assert response.status_code == 200
    assert Establishment.objects.get(pk=target.pk).phone != "0987"
