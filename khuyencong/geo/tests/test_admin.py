"""Administrators can search units without diacritics and edit names but not codes."""

import pytest
from django.urls import reverse

from khuyencong.geo.models import Commune

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["province", "district", "commune", "provincesuccession", "communesuccession"]
)
def test_changelists_open_and_search(admin_client, model):
    url = reverse(f"admin:geo_{model}_changelist")
    assert admin_client.get(url, {"q": "thai binh"}).status_code == 200


def test_search_ignores_diacritics(admin_client):
    response = admin_client.get(reverse("admin:geo_province_changelist"), {"q": "thai binh"})
    assert "Thái Bình" in response.content.decode()


def test_era_filter(admin_client):
    url = reverse("admin:geo_commune_changelist")
    response = admin_client.get(url, {"era": "current", "q": "viet hoa"})
    assert response.status_code == 200
    assert "10543" in response.content.decode()


def test_code_is_read_only_after_creation(admin_client):
    commune = Commune.objects.current().get(code="10543")
    response = admin_client.get(reverse("admin:geo_commune_change", args=[commune.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "code" not in form.fields
    assert "name" in form.fields and "kind" in form.fields


def test_autocomplete_ignores_diacritics(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "geo",
            "model_name": "communesuccession",
            "field_name": "new",
            "term": "thai",
        },
    )
    assert response.status_code == 200
    assert any("Thái" in result["text"] for result in response.json()["results"])
