"""Search ignores diacritics and word order; the list filters narrow the rows (page and API)."""

import datetime

import pytest
from django.urls import reverse

from khuyencong.registry.tests.factories import (
    ArtisanFactory,
    CollaboratorFactory,
    CraftVillageFactory,
    EstablishmentFactory,
    kind,
)

pytestmark = pytest.mark.django_db


def _names(response):
    return {
        row.name if hasattr(row, "name") else row.full_name for row in response.context["page_obj"]
    }


def test_establishment_search_ignores_diacritics_and_order(client, world):
    EstablishmentFactory(
        name="HTX làng nghề chiếu cói Lật Dương", commune=world.my_commune, tax_code="0200111333"
    )
    client.force_login(world.users["officer"])
    url = reverse("registry:establishment_list")
    for query in ("chieu coi lat duong", "LAT DUONG chiếu", "0200111"):
        assert _names(client.get(url, {"q": query})) == {"HTX làng nghề chiếu cói Lật Dương"}, query
    assert _names(client.get(url, {"q": "thêu ren"})) == set()
    api = client.get("/api/v1/establishments/", {"q": "chieu coi lat duong"}).json()
    assert [row["name"] for row in api["results"]] == ["HTX làng nghề chiếu cói Lật Dương"]


def test_other_lists_search_without_diacritics(client, world):
    client.force_login(world.users["officer"])
    CraftVillageFactory(name="Làng nghề đúc đồng Lộng Thượng", commune=world.my_commune)
    ArtisanFactory(
        full_name="Đặng Thị Thêu", establishment=world.rows["establishment"]["own_commune"]
    )
    CollaboratorFactory(full_name="Đỗ Thị Ngọc", province=world.hung_yen)
    for name, query, expected in (
        ("craft_village", "duc dong", "Làng nghề đúc đồng Lộng Thượng"),
        ("artisan", "dang thi theu", "Đặng Thị Thêu"),
        ("collaborator", "do thi ngoc", "Đỗ Thị Ngọc"),
    ):
        response = client.get(reverse(f"registry:{name}_list"), {"q": query})
        assert _names(response) == {expected}, name


def test_establishment_filters(client, world):
    village = world.rows["craft_village"]["own_commune"]
    EstablishmentFactory(
        name="Hộ Lò Thị Mai",
        kind=kind("household_business"),
        commune=world.other_commune,
        sector="textiles",
        representative_gender="female",
        ethnicity="Thái",
        craft_village=village,
        status="stopped",
        stopped_on=datetime.date(2024, 3, 1),
    )
    client.force_login(world.users["officer"])
    url = reverse("registry:establishment_list")
    only_mai = {"Hộ Lò Thị Mai"}
    for params in (
        {"kind": kind("household_business").pk},
        {"sector": "textiles"},
        {"women_owned": "true"},
        {"ethnic_minority": "true"},
        {"status": "stopped"},
        {"craft_village": village.pk},
    ):
        assert _names(client.get(url, params)) == only_mai, params
    in_commune = _names(client.get(url, {"commune": world.my_commune.pk}))
    assert in_commune == {"HTX Mây tre Của Tôi"}
    summary = client.get(url, {"women_owned": "true"}).context["summary"]
    assert summary["total"] == 1 and summary["women_owned"] == 1
    api = client.get("/api/v1/establishments/", {"ethnic_minority": "true"}).json()
    assert [row["name"] for row in api["results"]] == ["Hộ Lò Thị Mai"]


def test_province_filter_is_for_national_users(client, world):
    client.force_login(world.users["officer"])
    assert (
        "province"
        not in client.get(reverse("registry:establishment_list")).context["filter"].form.fields
    )
    client.force_login(world.users["ministry"])
    response = client.get(reverse("registry:establishment_list"), {"province": world.bac_ninh.pk})
    assert _names(response) == {"Công ty Đồng Bắc Ninh"}


def test_lists_sort_by_the_chosen_column(client, world):
    client.force_login(world.users["admin"])
    for name, sort in (
        ("establishment", "-name"),
        ("craft_village", "-name"),
        ("artisan", "-name"),
        ("collaborator", "-name"),
    ):
        rows = list(
            client.get(reverse(f"registry:{name}_list"), {"sort": sort}).context["page_obj"]
        )
        keys = [row.name_folded for row in rows]
        assert keys == sorted(keys, reverse=True), name
