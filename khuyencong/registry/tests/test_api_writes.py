"""Writes through the API go through the services: scope, validation, version check."""

import pytest

from khuyencong.core.selectors import history_of
from khuyencong.registry.models import Artisan, Collaborator, CraftVillage, Establishment
from khuyencong.registry.tests.factories import kind

pytestmark = pytest.mark.django_db


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def _patch(client, url, payload):
    return client.patch(url, payload, content_type="application/json")


def test_officer_creates_an_establishment_with_revenues(client, world):
    client.force_login(world.users["officer"])
    response = _post(
        client,
        "/api/v1/establishments/",
        {
            "name": "Công ty TNHH Nón lá Phố Hiến",
            "kind": kind().pk,
            "tax_code": "0900246810",
            "commune": world.my_commune.pk,
            "representative_gender": "female",
            "workers": 12,
            "women_workers": 10,
            "revenues": [{"year": 2023, "amount": 850000000}],
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["province"] == world.hung_yen.pk and data["women_owned"] is True
    assert data["revenues"] == [{"year": 2023, "amount": 850000000}]
    created = Establishment.objects.get(pk=data["id"])
    assert history_of(created).filter(action="create").get().user == world.users["officer"]


def test_update_needs_the_current_version(client, world):
    establishment = world.rows["establishment"]["own_commune"]
    client.force_login(world.users["officer"])
    url = f"/api/v1/establishments/{establishment.pk}/"
    assert _patch(client, url, {"phone": "1"}).status_code == 400
    response = _patch(client, url, {"phone": "1", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = _patch(client, url, {"phone": "2", "version": 1})
    assert stale.status_code == 409
    establishment.refresh_from_db()
    assert establishment.phone == "1"


def test_bad_values_are_refused_field_by_field(client, world):
    client.force_login(world.users["officer"])
    response = _post(
        client,
        "/api/v1/establishments/",
        {
            "name": "Sai",
            "kind": kind().pk,
            "tax_code": "123",
            "commune": world.my_commune.pk,
            "workers": 2,
            "women_workers": 3,
            "status": "stopped",
        },
    )
    assert response.status_code == 400
    assert {"tax_code", "women_workers", "stopped_on"} <= response.json().keys()
    assert not Establishment.objects.filter(name="Sai").exists()


def test_officer_cannot_create_in_or_move_to_another_province(client, world):
    client.force_login(world.users["officer"])
    response = _post(
        client,
        "/api/v1/establishments/",
        {
            "name": "Ở Bắc Ninh",
            "kind": kind().pk,
            "tax_code": "2300135790",
            "commune": world.bn_commune.pk,
        },
    )
    assert response.status_code == 403
    assert not Establishment.objects.filter(name="Ở Bắc Ninh").exists()
    own = world.rows["establishment"]["own_commune"]
    response = _patch(
        client, f"/api/v1/establishments/{own.pk}/", {"commune": world.bn_commune.pk, "version": 1}
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.commune == world.my_commune
    for api in ("craft-villages", "collaborators"):
        other = world.rows[api.replace("-", "_").rstrip("s")]["other"]
        assert client.get(f"/api/v1/{api}/{other.pk}/").status_code == 404


def test_collaborator_user_creates_establishments_only_in_their_communes(client, world):
    client.force_login(world.users["collaborator"])
    base = {"name": "Cơ sở A", "kind": kind().pk, "tax_code": "0900864200"}
    assert (
        _post(
            client, "/api/v1/establishments/", {**base, "commune": world.other_commune.pk}
        ).status_code
        == 403
    )
    assert (
        _post(
            client, "/api/v1/establishments/", {**base, "commune": world.my_commune.pk}
        ).status_code
        == 201
    )


def test_villages_artisans_and_collaborators_through_the_api(client, world):
    client.force_login(world.users["manager"])
    response = _post(
        client,
        "/api/v1/craft-villages/",
        {"name": "Làng nghề hương Cao Thôn", "commune": world.my_commune.pk, "trade": "Làm hương"},
    )
    assert response.status_code == 201, response.content
    village = CraftVillage.objects.get(pk=response.json()["id"])
    assert village.province == world.hung_yen
    response = _post(
        client,
        "/api/v1/artisans/",
        {
            "full_name": "Nguyễn Văn Hương",
            "title": "provincial",
            "trade": "Làm hương",
            "craft_village": village.pk,
        },
    )
    assert response.status_code == 201, response.content
    assert Artisan.objects.get(pk=response.json()["id"]).province == world.hung_yen
    assert (
        _post(
            client, "/api/v1/artisans/", {"full_name": "X", "title": "other", "trade": "Y"}
        ).status_code
        == 400
    )
    response = _post(
        client,
        "/api/v1/collaborators/",
        {
            "full_name": "Lê Văn Cộng",
            "province": world.hung_yen.pk,
            "communes": [world.my_commune.pk, world.other_commune.pk],
            "trainings": [
                {"date": "2024-05-10", "course": "Tập huấn nghiệp vụ", "organiser": "TTKC"}
            ],
        },
    )
    assert response.status_code == 201, response.content
    collaborator = Collaborator.objects.get(pk=response.json()["id"])
    assert collaborator.communes.count() == 2 and collaborator.trainings.count() == 1
    response = _post(
        client,
        "/api/v1/collaborators/",
        {"full_name": "Sai tỉnh", "province": world.hung_yen.pk, "communes": [world.bn_commune.pk]},
    )
    assert response.status_code == 400 and "communes" in response.json()


def test_viewers_cannot_write_through_the_api(client, world):
    client.force_login(world.users["viewer_country"])
    response = _post(
        client,
        "/api/v1/establishments/",
        {
            "name": "Không được",
            "kind": kind().pk,
            "tax_code": "0900000001",
            "commune": world.my_commune.pk,
        },
    )
    assert response.status_code == 403
    assert (
        client.delete(
            f"/api/v1/establishments/{world.rows['establishment']['own_commune'].pk}/"
        ).status_code
        == 405
    )
