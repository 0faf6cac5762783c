import pytest
from django.urls import reverse

from khuyencong.policy.models import (
    ActivityContent,
    EstablishmentKind,
    FundingSource,
    Indicator,
    LegalBasis,
    SupportRule,
)

MODELS = [LegalBasis, ActivityContent, FundingSource, EstablishmentKind, Indicator, SupportRule]


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


def test_the_support_rule_list_shows_the_cap_in_words(reference, admin_client):
    page = admin_client.get(_url(SupportRule, "changelist")).content.decode()
    assert "300.000.000 đ" in page
    assert "Dây chuyền công nghệ" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"programme__exact": "national"}, "Dây chuyền công nghệ", None),
        ({"unit__exact": "per_model"}, "Mô hình trình diễn kỹ thuật", "Dây chuyền công nghệ"),
        ({"q": "may moc"}, "Ứng dụng máy móc thiết bị tiên tiến", "Dây chuyền công nghệ"),
    ],
)
def test_the_support_rule_list_filters_and_searches(reference, admin_client, query, shown, hidden):
    response = admin_client.get(_url(SupportRule, "changelist"), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert shown in page
    if hidden:
        assert hidden not in page


def test_the_indicator_list_filters_by_group(reference, admin_client):
    page = admin_client.get(_url(Indicator, "changelist"), {"group__exact": "outcome"})
    text = page.content.decode()
    assert "Mức giảm chi phí sản xuất của cơ sở sau hỗ trợ" in text
    assert "Số mô hình trình diễn kỹ thuật được xây dựng" not in text


def test_an_administrator_adds_a_local_rule(reference, admin_client):
    from khuyencong.geo.models import Province

    province = Province.objects.current().order_by("code").first()
    contents = ActivityContent.objects.filter(code__in=["45-3", "235-3"])
    response = admin_client.post(
        _url(SupportRule, "add"),
        {
            "code": "local-machinery",
            "name": "Ứng dụng máy móc thiết bị tiên tiến",
            "legal_basis": LegalBasis.objects.get(code="tt-28-2018-btc").pk,
            "programme": "local",
            "province": province.pk,
            "effective_from": "01/01/2024",
            "max_share_percent": "40",
            "max_amount_vnd": "150000000",
            "unit": "per_establishment",
            "activity_contents": [c.pk for c in contents],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    rule = SupportRule.objects.get(code="local-machinery")
    assert rule.province == province
    assert rule.activity_contents.count() == 2


def test_a_local_rule_without_province_is_refused_next_to_the_field(reference, admin_client):
    response = admin_client.post(
        _url(SupportRule, "add"),
        {
            "code": "local-bad",
            "name": "Sai",
            "legal_basis": LegalBasis.objects.get(code="tt-28-2018-btc").pk,
            "programme": "local",
            "effective_from": "01/01/2024",
            "max_amount_vnd": "1000",
            "unit": "per_project",
            "activity_contents": [ActivityContent.objects.get(code="45-3").pk],
        },
    )
    assert response.status_code == 200
    assert "province" in response.context["adminform"].form.errors
    assert not SupportRule.objects.filter(code="local-bad").exists()
