"""The establishment API list reads only the columns it returns: each row is what the detail
returns for it, and the list makes the same number of queries whatever its length."""

import pytest

from khuyencong.registry.tests.factories import EstablishmentFactory, RevenueFactory

pytestmark = pytest.mark.django_db


def _establishments(count: int, start: int = 0) -> list:
    rows = []
    for n in range(start, start + count):
        establishment = EstablishmentFactory(name=f"Cơ sở mây tre đan số {n}", workers=n + 5)
        for year in (2022, 2023):
            RevenueFactory(establishment=establishment, year=year, amount=1_000_000 * (n + 1))
        rows.append(establishment)
    return rows


def test_each_row_is_what_the_detail_returns(client, world):
    created = _establishments(3)
    client.force_login(world.users["officer"])
    rows = {r["id"]: r for r in client.get("/api/v1/establishments/").json()["results"]}
    for establishment in created:
        detail = client.get(f"/api/v1/establishments/{establishment.pk}/").json()
        assert rows[establishment.pk] == detail
        assert len(detail["revenues"]) == 2


def test_the_list_makes_the_same_queries_whatever_its_length(
    client, world, django_assert_max_num_queries
):
    _establishments(2)
    client.force_login(world.users["officer"])
    with django_assert_max_num_queries(20) as few:
        assert client.get("/api/v1/establishments/").status_code == 200
    _establishments(6, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/establishments/").status_code == 200
