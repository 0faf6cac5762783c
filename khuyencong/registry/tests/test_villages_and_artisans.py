"""Craft villages and artisans: required links, places that fit together, provinces derived."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from khuyencong.geo.models import Commune
from khuyencong.registry import services
from khuyencong.registry.models import Artisan, CraftVillage
from khuyencong.registry.tests.factories import CraftVillageFactory, EstablishmentFactory

pytestmark = pytest.mark.django_db


def test_manager_records_a_craft_village_and_its_page_lists_its_establishments(client, world):
    client.force_login(world.users["manager"])
    response = client.post(
        reverse("registry:craft_village_create"),
        {
            "name": "Làng nghề hương Cao Thôn",
            "commune": world.my_commune.pk,
            "trade": "Làm hương",
            "year_recognised": "2008",
            "decision_number": "1234/QĐ-UBND",
            "decision_date": "15/09/2008",
            "households": "120",
            "workers": "300",
        },
    )
    assert response.status_code == 302
    village = CraftVillage.objects.get(name="Làng nghề hương Cao Thôn")
    assert village.province == world.hung_yen
    EstablishmentFactory(
        name="Cơ sở hương Thành Đạt", commune=world.my_commune, craft_village=village
    )
    body = client.get(response["Location"]).content.decode()
    assert "Cơ sở hương Thành Đạt" in body and 'id="timeline"' in body


def test_craft_village_bad_input(world):
    by = world.users["admin"]
    CraftVillageFactory(name="Làng nghề Mây tre", commune=world.my_commune)
    old = Commune.objects.before_reform().filter(province__name="Thái Bình").first()
    cases = [
        ({"name": "Làng nghề mây tre", "commune": world.my_commune, "trade": "Mây"}, "name"),
        ({"name": "Làng A", "commune": None, "trade": "Mây"}, "commune"),
        ({"name": "Làng B", "commune": old, "trade": "Mây"}, "commune"),
        ({"name": "Làng C", "commune": world.my_commune, "trade": ""}, "trade"),
        (
            {"name": "Làng D", "commune": world.my_commune, "trade": "M", "year_recognised": 3000},
            "year_recognised",
        ),
        (
            {"name": "Làng E", "commune": world.my_commune, "trade": "M", "households": -1},
            "households",
        ),
    ]
    for values, field in cases:
        with pytest.raises(ValidationError) as error:
            services.craft_village_create(by=by, **values)
        assert field in error.value.message_dict, values
    assert CraftVillage.objects.filter(name__regex=r"^Làng [A-E]$").count() == 0


def test_a_village_with_establishments_stays_in_its_province(world):
    village = world.rows["craft_village"]["own_commune"]
    EstablishmentFactory(commune=world.my_commune, craft_village=village)
    with pytest.raises(ValidationError) as error:
        services.craft_village_update(
            craft_village=village,
            by=world.users["admin"],
            expected_version=1,
            commune=world.bn_commune,
        )
    assert "commune" in error.value.message_dict


def test_artisan_needs_a_place_that_fits_and_gets_its_province(world):
    by = world.users["officer"]
    base = {"by": by, "full_name": "Trần Văn Nghệ", "title": "meritorious", "trade": "Gốm"}
    with pytest.raises(ValidationError) as error:
        services.artisan_create(**base)
    assert "establishment" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.artisan_create(
            **base,
            establishment=world.rows["establishment"]["own_commune"],
            craft_village=world.rows["craft_village"]["other"],
        )
    assert "craft_village" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.artisan_create(
            **base,
            craft_village=world.rows["craft_village"]["own_commune"],
            birth_year=1970,
            year_awarded=1960,
        )
    assert "year_awarded" in error.value.message_dict
    artisan = services.artisan_create(
        **base, craft_village=world.rows["craft_village"]["own_commune"]
    )
    assert artisan.province == world.hung_yen
    assert Artisan.objects.filter(full_name="Trần Văn Nghệ").count() == 1


def test_artisan_form_records_and_edits(client, world):
    client.force_login(world.users["officer"])
    establishment = world.rows["establishment"]["own_commune"]
    response = client.post(
        reverse("registry:artisan_create"),
        {
            "full_name": "Lê Thị Khéo",
            "gender": "female",
            "title": "provincial",
            "trade": "Mây tre",
            "establishment": establishment.pk,
        },
    )
    assert response.status_code == 302
    artisan = Artisan.objects.get(full_name="Lê Thị Khéo")
    response = client.post(
        reverse("registry:artisan_edit", args=[artisan.pk]),
        {
            "full_name": "Lê Thị Khéo",
            "title": "meritorious",
            "year_awarded": "2022",
            "trade": "Mây tre",
            "establishment": establishment.pk,
            "version": "1",
        },
    )
    assert response.status_code == 302
    artisan.refresh_from_db()
    assert artisan.title == "meritorious" and artisan.year_awarded == 2022
    body = client.get(
        reverse("registry:establishment_detail", args=[establishment.pk])
    ).content.decode()
    assert "Lê Thị Khéo" in body
    other = world.rows["establishment"]["other"]
    response = client.post(
        reverse("registry:artisan_create"),
        {"full_name": "Ngoài tỉnh", "title": "other", "trade": "X", "establishment": other.pk},
    )
    assert response.status_code == 200 and "establishment" in response.context["form"].errors
