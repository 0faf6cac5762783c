"""Recording and editing establishments through the pages: province derived from the commune,
revenues kept per year with their changes in the history, concurrent edits detected."""

import pytest
from django.urls import reverse

from khuyencong.core.models import ChangeRecord
from khuyencong.core.selectors import history_of
from khuyencong.geo.models import District
from khuyencong.registry.models import Establishment
from khuyencong.registry.tests.factories import (
    EstablishmentFactory,
    RevenueFactory,
    establishment_form_data,
    formset_data,
)

pytestmark = pytest.mark.django_db


def test_officer_records_an_establishment_with_its_revenues(client, world):
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("registry:establishment_create"),
        establishment_form_data(
            world.my_commune,
            representative="Lò Thị Mai",
            representative_gender="female",
            ethnicity="Thái",
            revenues=[
                {"year": "2022", "amount": "1200000000"},
                {"year": "2023", "amount": "1500000000"},
            ],
        ),
    )
    assert response.status_code == 302
    created = Establishment.objects.get(name="Công ty TNHH Mây tre đan Hưng Phát")
    assert created.province == world.hung_yen
    assert created.women_owned and created.ethnic_minority
    assert dict(created.revenues.values_list("year", "amount")) == {
        2022: 1_200_000_000,
        2023: 1_500_000_000,
    }
    assert history_of(created).filter(action="create").get().user == world.users["officer"]
    body = client.get(response["Location"]).content.decode()
    assert 'id="timeline"' in body and "1.500,0" in body


def test_editing_revenues_records_one_event_with_before_and_after(client, world):
    establishment = EstablishmentFactory(commune=world.my_commune)
    RevenueFactory(establishment=establishment, year=2022, amount=1_000_000_000)
    RevenueFactory(establishment=establishment, year=2023, amount=2_000_000_000)
    client.force_login(world.users["manager"])
    url = reverse("registry:establishment_edit", args=[establishment.pk])
    assert client.get(url).status_code == 200
    data = establishment_form_data(
        world.my_commune,
        name=establishment.name,
        tax_code=establishment.tax_code,
        version=establishment.version,
    )
    data.update(formset_data("revenues", [{"year": "2023", "amount": "2500000000"}]))
    assert client.post(url, data).status_code == 302
    assert dict(establishment.revenues.values_list("year", "amount")) == {2023: 2_500_000_000}
    event = history_of(establishment).get(event="establishment.revenues_changed")
    assert event.changes == {
        "2022": "1.000.000.000 đ → —",
        "2023": "2.000.000.000 đ → 2.500.000.000 đ",
    }
    body = client.get(reverse("registry:establishment_detail", args=[establishment.pk]))
    assert "2.500.000.000 đ" in body.content.decode()


def test_a_concurrent_edit_is_reported_not_overwritten(client, world):
    establishment = EstablishmentFactory(commune=world.my_commune, phone="1")
    client.force_login(world.users["officer"])
    url = reverse("registry:establishment_edit", args=[establishment.pk])
    data = establishment_form_data(
        world.my_commune, name=establishment.name, tax_code=establishment.tax_code, version=1
    )
    assert client.post(url, {**data, "phone": "2"}).status_code == 302
    response = client.post(url, {**data, "phone": "3"})
    assert response.status_code == 200
    assert "Người khác đã lưu" in response.content.decode()
    establishment.refresh_from_db()
    assert establishment.phone == "2"


def test_an_old_record_may_name_only_the_district_of_then(client, world):
    client.force_login(world.users["admin"])
    tien_lang = District.objects.before_reform().get(name="Tiên Lãng", province__name="Hải Phòng")
    data = establishment_form_data(
        None,
        name="Công ty TNHH Thương mại Dũng Hồng",
        tax_code="0200123456",
        district_then=tien_lang.pk,
    )
    assert client.post(reverse("registry:establishment_create"), data).status_code == 302
    created = Establishment.objects.get(name="Công ty TNHH Thương mại Dũng Hồng")
    assert created.province.name == "Hải Phòng" and created.province.valid_to is None
    assert created.province_then == tien_lang.province and created.commune is None
    body = client.get(created.get_absolute_url()).content.decode()
    assert "Huyện Tiên Lãng" in body


def test_collaborator_records_only_in_their_communes(client, world):
    client.force_login(world.users["collaborator"])
    url = reverse("registry:establishment_create")
    assert client.post(url, establishment_form_data(world.my_commune)).status_code == 302
    response = client.post(
        url,
        establishment_form_data(world.other_commune, name="Ngoài xã", tax_code="0909090909"),
    )
    assert response.status_code == 200 and "commune" in response.context["form"].errors
    assert not Establishment.objects.filter(name="Ngoài xã").exists()


def test_provincial_officer_cannot_record_in_another_province(client, world):
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("registry:establishment_create"),
        establishment_form_data(world.bn_commune, name="Sang tỉnh khác"),
    )
    assert response.status_code == 200
    assert not Establishment.objects.filter(name="Sang tỉnh khác").exists()
    assert not ChangeRecord.objects.filter(object_repr="Sang tỉnh khác").exists()
