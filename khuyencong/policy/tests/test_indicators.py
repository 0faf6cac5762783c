"""The catalogue of indicators projects plan and report, and the suggestions per content."""

import pytest

from khuyencong.policy.models import ActivityContent, Indicator
from khuyencong.policy.selectors import indicators_for

REQUIRED = {
    "trainees": "người",
    "trainees_women": "người",
    "trainees_ethnic_minority": "người",
    "management_participants": "người",
    "demonstration_models": "mô hình",
    "machinery_establishments": "cơ sở",
    "technology_lines": "dây chuyền",
    "cleaner_production_assessments": "cơ sở",
    "cleaner_production_models": "mô hình",
    "pollution_treatment_upgrades": "cơ sở",
    "fairs_domestic": "hội chợ",
    "fairs_overseas": "hội chợ",
    "fair_participations": "lượt cơ sở",
    "typical_products_commune": "sản phẩm",
    "typical_products_province": "sản phẩm",
    "typical_products_region": "sản phẩm",
    "typical_products_national": "sản phẩm",
    "trademarks": "cơ sở",
    "showrooms": "phòng trưng bày",
    "publications": "số",
    "news_items": "tin bài",
    "industrial_clusters": "cụm công nghiệp",
    "jobs_created": "người",
    "revenue_change": "%",
    "cost_reduction": "%",
}


def _content(basis: str, code: str) -> ActivityContent:
    return ActivityContent.objects.get(legal_basis__code=basis, code=code)


def test_the_catalogue_has_every_indicator_the_programme_tracks(reference):
    units = dict(Indicator.objects.values_list("code", "unit"))
    assert {code: units.get(code) for code in REQUIRED} == REQUIRED
    for indicator in Indicator.objects.all():
        assert indicator.name and indicator.name_en, indicator.code


def test_outcomes_are_the_after_support_indicators(reference):
    outcomes = set(
        Indicator.objects.filter(group=Indicator.Group.OUTCOME).values_list("code", flat=True)
    )
    assert outcomes == {"jobs_created", "revenue_change", "cost_reduction"}


def test_money_is_not_an_indicator(reference):
    units = set(Indicator.objects.values_list("unit", flat=True))
    assert not {u for u in units if "đồng" in u or "VND" in u}


def test_training_contents_suggest_the_trainee_indicators_first(reference):
    indicators = list(indicators_for(_content("nd-45-2012", "45-1")))
    suggested = [i.code for i in indicators if i.is_suggested]
    assert suggested[:3] == ["trainees", "trainees_women", "trainees_ethnic_minority"]
    assert [i.code for i in indicators[: len(suggested)]] == suggested
    assert len(indicators) == Indicator.objects.filter(is_active=True).count()


def test_each_decree_links_its_own_contents(reference):
    for basis, code in (("nd-134-2004", "134-1"), ("nd-235-2025", "235-1")):
        suggested = [i.code for i in indicators_for(_content(basis, code)) if i.is_suggested]
        assert "trainees" in suggested, basis
    technical = {i.code for i in indicators_for(_content("nd-235-2025", "235-3")) if i.is_suggested}
    assert {"demonstration_models", "machinery_establishments", "technology_lines"} <= technical


def test_without_a_content_all_active_indicators_in_order(reference):
    codes = [i.code for i in indicators_for()]
    assert codes[0] == "trainees"
    assert codes == list(
        Indicator.objects.filter(is_active=True)
        .order_by("order", "code")
        .values_list("code", flat=True)
    )
    assert not any(i.is_suggested for i in indicators_for())


def test_an_inactive_indicator_is_not_offered(reference):
    Indicator.objects.filter(code="showrooms").update(is_active=False)
    assert "showrooms" not in {i.code for i in indicators_for()}
    assert "showrooms" not in {i.code for i in indicators_for(_content("nd-45-2012", "45-4"))}


@pytest.mark.parametrize("code", ["trainees_women", "trainees_ethnic_minority"])
def test_the_trainee_breakdowns_say_they_are_part_of_the_total(reference, code):
    assert "Part of `trainees`" in Indicator.objects.get(code=code).note
