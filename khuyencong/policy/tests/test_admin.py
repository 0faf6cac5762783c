import pytest
from django.urls import reverse

from khuyencong.policy.models import ActivityContent, EstablishmentKind, FundingSource, LegalBasis

MODELS = [LegalBasis, ActivityContent, FundingSource, EstablishmentKind]


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:policy_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS)
def test_list_and_change_pages_render(reference, admin_client, model):
    assert admin_client.get(_url(model, "changelist")).status_code == 200
    assert admin_client.get(_url(model, "change", model.objects.first().pk)).status_code == 200
    assert admin_client.get(_url(model, "add")).status_code == 200


def test_the_legal_basis_page_lists_its_contents_inline(reference, admin_client):
    basis = LegalBasis.objects.get(code="nd-45-2012")
    page = admin_client.get(_url(LegalBasis, "change", basis.pk)).content.decode()
    assert "Hỗ trợ áp dụng sản xuất sạch hơn" in page


def test_search_ignores_diacritics(reference, admin_client):
    page = admin_client.get(_url(FundingSource, "changelist"), {"q": "doi ung"}).content.decode()
    assert "Vốn đối ứng của cơ sở" in page
    assert "Nguồn khác" not in page


def test_the_code_cannot_be_changed_once_set(reference, admin_client):
    source = FundingSource.objects.get(code="national")
    page = admin_client.get(_url(FundingSource, "change", source.pk)).content.decode()
    assert 'name="code"' not in page
