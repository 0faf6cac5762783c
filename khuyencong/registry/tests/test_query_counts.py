"""List and detail pages make the same number of queries whatever the number of rows."""

import pytest
from django.urls import reverse

from khuyencong.registry.tests.factories import (
    ArtisanFactory,
    CollaboratorFactory,
    CraftVillageFactory,
    EstablishmentFactory,
    RevenueFactory,
    commune_of,
)

pytestmark = pytest.mark.django_db


def _add_rows(world, n):
    for i in range(n):
        village = CraftVillageFactory(commune=commune_of("Hưng Yên", i % 5))
        establishment = EstablishmentFactory(
            commune=commune_of("Hưng Yên", i % 5), craft_village=village
        )
        RevenueFactory(establishment=establishment)
        ArtisanFactory(establishment=establishment, craft_village=village)
        CollaboratorFactory(
            province=world.hung_yen, communes=[commune_of("Hưng Yên", i % 5), world.my_commune]
        )


@pytest.mark.parametrize("name", ["establishment", "craft_village", "artisan", "collaborator"])
@pytest.mark.parametrize("role", ["officer", "ministry", "collaborator"])
def test_list_pages(client, world, django_assert_max_num_queries, name, role):
    client.force_login(world.users[role])
    url = reverse(f"registry:{name}_list")
    _add_rows(world, 2)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    _add_rows(world, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url, {"sort": "-name"}).status_code == 200


def test_establishment_detail(client, world, django_assert_max_num_queries):
    client.force_login(world.users["officer"])
    establishment = world.rows["establishment"]["own_commune"]
    url = reverse("registry:establishment_detail", args=[establishment.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for year in range(2010, 2024):
        RevenueFactory(establishment=establishment, year=year)
    for _ in range(5):
        ArtisanFactory(establishment=establishment)
        EstablishmentFactory(commune=world.my_commune, merged_into=establishment)
    for i in range(10):
        establishment.phone = str(i)
        establishment.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.parametrize("name", ["craft_village", "artisan", "collaborator"])
def test_other_detail_pages(client, world, django_assert_max_num_queries, name):
    client.force_login(world.users["officer"])
    row = world.rows[name]["own_commune"]
    url = reverse(f"registry:{name}_detail", args=[row.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    _add_rows(world, 5)
    for _ in range(5):
        row.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
