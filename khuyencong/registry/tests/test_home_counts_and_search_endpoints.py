"""Home-page counts of the registry within the user's scope, and the JSON endpoints behind the
searchable selects."""

import pytest
from django.urls import reverse

from khuyencong.registry.tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def _counts(response):
    return [c.value for c in response.context["counts"] if "registry" in c.url]


def test_home_counts_follow_the_scope(client, world):
    EstablishmentFactory(
        commune=world.my_commune, merged_into=world.rows["establishment"]["own_commune"]
    )
    client.force_login(world.users["officer"])
    assert _counts(client.get(reverse("home"))) == [2, 2, 2]
    client.force_login(world.users["ministry"])
    assert _counts(client.get(reverse("home"))) == [3, 3, 3]
    client.force_login(world.users["collaborator"])
    assert _counts(client.get(reverse("home"))) == [1, 1, 2]


def test_establishment_and_village_search_are_scoped(client, world):
    client.force_login(world.users["officer"])
    names = [
        r["text"]
        for r in client.get(reverse("registry:establishment_search"), {"q": "cong ty"}).json()[
            "results"
        ]
    ]
    assert any("Gốm Xã Khác" in n for n in names) and not any("Bắc Ninh" in n for n in names)
    villages = client.get(reverse("registry:craft_village_search"), {"q": "lang nghe"}).json()[
        "results"
    ]
    assert len(villages) == 2


def test_old_unit_search_finds_units_of_before_the_reform(client, world):
    client.force_login(world.users["officer"])
    url = reverse("registry:old_unit_search")
    results = client.get(url, {"level": "district", "q": "tien lang"}).json()["results"]
    assert any(r["text"] == "Huyện Tiên Lãng, Hải Phòng" for r in results)
    narrowed = client.get(
        url, {"level": "district", "q": "tien lang", "province": world.hung_yen.pk}
    )
    assert all("Hải Phòng" not in r["text"] for r in narrowed.json()["results"])
    communes = client.get(url, {"level": "commune", "q": "minh lang, vu thu"}).json()["results"]
    assert communes[0]["text"] == "Xã Minh Lãng, Huyện Vũ Thư, Thái Bình"
    assert client.get(url, {"level": "nonsense", "q": "x"}).json()["results"] == []
