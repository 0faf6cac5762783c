"""Bad establishment input is refused with a clear message next to the field, and nothing is
saved (not even the revenues)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from khuyencong.geo.models import Commune, District
from khuyencong.registry import services
from khuyencong.registry.models import Establishment, EstablishmentRevenue
from khuyencong.registry.tests.factories import (
    CraftVillageFactory,
    establishment_form_data,
    kind,
)

pytestmark = pytest.mark.django_db


def _errors(world, **values) -> dict:
    arguments = {
        "by": world.users["admin"],
        "name": "Công ty Lỗi",
        "kind": kind(),
        "tax_code": "0900123456",
        "commune": world.my_commune,
        **values,
    }
    with pytest.raises(ValidationError) as error:
        services.establishment_create(**arguments)
    assert not Establishment.objects.filter(name=arguments["name"]).exists()
    return error.value.message_dict


@pytest.mark.parametrize("code", ["12345", "09001234567", "0900123456-1", "0900-123456", "MST09"])
def test_a_malformed_tax_code_is_refused(world, code):
    assert _errors(world, tax_code=code)["tax_code"]


def test_only_a_household_business_may_go_without_a_tax_code(world):
    assert "tax_code" in _errors(world, tax_code="")
    household = kind("household_business")
    assert "business_registration_no" in _errors(world, tax_code="", kind=household)
    created = services.establishment_create(
        by=world.users["admin"],
        name="Hộ kinh doanh Lê Văn Cói",
        kind=household,
        business_registration_no="08A8000999",
        commune=world.my_commune,
    )
    assert created.tax_code == "" and created.business_registration_no == "08A8000999"


def test_women_workers_cannot_exceed_all_workers(world):
    assert "women_workers" in _errors(world, workers=5, women_workers=6)
    assert "workers" in _errors(world, workers=-1)


def test_status_and_stop_date_go_together(world):
    assert "stopped_on" in _errors(world, status="stopped")
    assert "stopped_on" in _errors(world, status="active", stopped_on=datetime.date(2024, 1, 1))
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    assert "stopped_on" in _errors(world, status="stopped", stopped_on=tomorrow)


def test_commune_must_be_todays_and_fit_the_unit_as_recorded_then(world):
    old = Commune.objects.before_reform().filter(province__name="Thái Bình").first()
    assert "commune" in _errors(world, commune=old)
    assert "commune" in _errors(world, commune=None)
    bac_giang = District.objects.before_reform().filter(province__name="Bắc Giang").first()
    # a unit of old Bắc Giang is in Bắc Ninh today, not in Hưng Yên
    assert "Bắc Ninh" in _errors(world, district_then=bac_giang)["commune"][0]
    current = Commune.objects.current().first()
    assert "district_then" in _errors(world, district_then=current)


def test_then_units_must_contain_each_other(world):
    tien_lang = District.objects.before_reform().get(name="Tiên Lãng", province__name="Hải Phòng")
    vu_thu_commune = Commune.objects.before_reform().filter(district__name="Vũ Thư").first()
    errors = _errors(world, commune=None, commune_then=vu_thu_commune, district_then=tien_lang)
    assert "commune_then" in errors


def test_craft_village_must_be_in_the_establishments_province(world):
    village = CraftVillageFactory(commune=world.bn_commune)
    assert "craft_village" in _errors(world, craft_village=village)


def test_bad_revenues_are_refused_and_nothing_is_saved(world):
    assert "revenues" in _errors(world, revenues={1980: 100})
    assert "revenues" in _errors(world, revenues={2023: -5})
    assert "revenues" in _errors(world, revenues=[(2023, 1), (2023, 2)])
    assert not EstablishmentRevenue.objects.exists()


def test_the_form_shows_errors_next_to_the_fields(client, world):
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("registry:establishment_create"),
        establishment_form_data(
            world.my_commune,
            tax_code="12AB",
            workers="3",
            women_workers="9",
            status="stopped",
            email="khong-phai-email",
            revenues=[{"year": "2023", "amount": "100"}, {"year": "2023", "amount": "200"}],
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors
    assert "year" in response.context["revenues"].errors[1]
    assert not Establishment.objects.filter(name__contains="Hưng Phát").exists()
    response = client.post(
        reverse("registry:establishment_create"),
        establishment_form_data(
            world.my_commune, tax_code="12AB", workers="3", women_workers="9", status="stopped"
        ),
    )
    errors = response.context["form"].errors
    assert {"tax_code", "women_workers", "stopped_on"} <= errors.keys()
    body = response.content.decode()
    assert body.count("invalid-feedback d-block") >= 3
    assert not Establishment.objects.filter(name__contains="Hưng Phát").exists()
