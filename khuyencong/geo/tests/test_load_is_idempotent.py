"""The loader creates missing rows only and keeps what an administrator edited."""

from io import StringIO

import pytest
from django.core.management import call_command

from khuyencong.core.models import ChangeRecord
from khuyencong.geo.models import AreaClass, Commune, Province
from khuyencong.geo.services import AREA_CLASSES, load_admin_units

pytestmark = pytest.mark.django_db


def test_second_run_creates_and_changes_nothing():
    before = ChangeRecord.objects.count()
    counts = load_admin_units()
    assert {key: c["created"] for key, c in counts.items()} == dict.fromkeys(counts, 0)
    assert {key: c["updated"] for key, c in counts.items()} == dict.fromkeys(counts, 0)
    assert counts["provinces"]["total"] == 97
    assert counts["communes"]["total"] == 13356
    assert ChangeRecord.objects.count() == before


def test_an_edited_name_survives_and_update_names_restores_it():
    province = Province.objects.current().get(code="33")
    province.name = "Hưng Yên (sửa)"
    province.save()
    commune = Commune.objects.current().get(code="10543")
    commune.kind = Commune.Kind.COMMUNE
    commune.save()

    load_admin_units()
    province.refresh_from_db()
    commune.refresh_from_db()
    assert province.name == "Hưng Yên (sửa)"
    assert commune.kind == Commune.Kind.COMMUNE

    counts = load_admin_units(update_names=True)
    assert counts["provinces"]["updated"] == 1
    assert counts["communes"]["updated"] == 1
    province.refresh_from_db()
    commune.refresh_from_db()
    assert (province.name, province.name_folded) == ("Hưng Yên", "hung yen")
    assert commune.kind == Commune.Kind.WARD
    assert ChangeRecord.objects.filter(object_id=province.pk, action="update").count() == 2


def test_area_classes_are_seeded_and_never_overwritten():
    assert set(AreaClass.objects.values_list("code", flat=True)) == {c for c, _, _ in AREA_CLASSES}
    island = AreaClass.objects.get(code="island")
    island.name = "Đảo"
    island.save()
    load_admin_units(update_names=True)
    island.refresh_from_db()
    assert island.name == "Đảo"


def test_command_prints_a_summary():
    out = StringIO()
    call_command("load_admin_units", stdout=out)
    text = out.getvalue()
    assert "Tỉnh/thành phố: 97 (0 new)" in text
    assert "Xã/phường: 13356 (0 new)" in text
