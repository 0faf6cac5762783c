"""Which support rules apply to a project: by date, programme, province and area class."""

import datetime
from decimal import Decimal

import pytest

from khuyencong.geo.models import AreaClass, Province
from khuyencong.policy.models import ActivityContent, LegalBasis, Programme, SupportRule
from khuyencong.policy.selectors import support_rules_for
from khuyencong.policy.support import support_cap_vnd


def _content(code: str) -> ActivityContent:
    basis = {"45": "nd-45-2012", "235": "nd-235-2025"}[code.split("-")[0]]
    return ActivityContent.objects.get(legal_basis__code=basis, code=code)


def _codes(rules) -> list[str]:
    return [rule.code for rule in rules]


def _national(day: datetime.date, content: str = "45-3", **kwargs) -> list[str]:
    return _codes(
        support_rules_for(
            activity_content=_content(content), programme=Programme.NATIONAL, on=day, **kwargs
        )
    )


@pytest.fixture
def provinces(reference) -> tuple[Province, Province]:
    first, second = Province.objects.current().order_by("code")[:2]
    return first, second


def _local_rule(province: Province, code: str, **overrides) -> SupportRule:
    values = {
        "code": code,
        "name": "Ứng dụng máy móc thiết bị tiên tiến",
        "legal_basis": LegalBasis.objects.get(code="tt-28-2018-btc"),
        "programme": Programme.LOCAL,
        "province": province,
        "effective_from": datetime.date(2020, 1, 1),
        "max_share_percent": Decimal("50"),
        "max_amount_vnd": 150_000_000,
        "unit": SupportRule.Unit.PER_ESTABLISHMENT,
    }
    rule = SupportRule(**(values | overrides))
    rule.full_clean()
    rule.save()
    rule.activity_contents.add(_content("45-3"), _content("235-3"))
    return rule


def _machinery_cap(day: datetime.date, content: str) -> int:
    rules = support_rules_for(
        activity_content=_content(content), programme=Programme.NATIONAL, on=day
    )
    machinery = next(r for r in rules if r.unit == SupportRule.Unit.PER_ESTABLISHMENT)
    return support_cap_vnd(machinery, eligible_cost_vnd=2_000_000_000)


def test_a_2016_machinery_project_gets_200_million_and_a_2025_one_300_million(reference):
    assert _machinery_cap(datetime.date(2016, 6, 1), "45-3") == 200_000_000
    assert _machinery_cap(datetime.date(2025, 3, 1), "45-3") == 300_000_000
    assert _machinery_cap(datetime.date(2026, 3, 1), "235-3") == 300_000_000


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2014, 4, 3), []),
        (datetime.date(2014, 4, 4), ["ttlt26-advanced-machinery", "ttlt26-demonstration-model"]),
        (datetime.date(2018, 5, 10), ["ttlt26-advanced-machinery", "ttlt26-demonstration-model"]),
        (datetime.date(2018, 5, 11), ["tt28-advanced-machinery", "tt28-demonstration-model"]),
        (
            datetime.date(2024, 10, 15),
            ["tt64-technology-line", "tt28-advanced-machinery", "tt28-demonstration-model"],
        ),
    ],
)
def test_the_rules_in_force_change_with_the_date(reference, day, expected):
    assert _national(day) == expected


def test_the_2018_model_cap_is_1000_million_per_model(reference):
    rules = support_rules_for(
        activity_content=_content("45-3"), programme="national", on=datetime.date(2020, 1, 1)
    )
    model = next(r for r in rules if r.unit == SupportRule.Unit.PER_MODEL)
    assert support_cap_vnd(model, eligible_cost_vnd=5_000_000_000) == 1_000_000_000
    assert support_cap_vnd(model, eligible_cost_vnd=1_000_000_000) == 300_000_000


def test_rules_belong_to_their_contents(reference):
    day = datetime.date(2020, 1, 1)
    assert _national(day, "45-1") == []
    assert "tt28-overseas-airfare" in _national(day, "45-4")
    assert "tt28-demonstration-model" not in _national(day, "45-4")


def test_an_area_rule_applies_only_in_that_class_of_area(reference):
    day = datetime.date(2020, 1, 1)
    difficult = AreaClass.objects.get(code="difficult")
    extremely = AreaClass.objects.get(code="extremely_difficult")
    assert "tt28-startup-difficult-area" not in _national(day, "45-2")
    assert _national(day, "45-2", area_classes=[difficult]) == [
        "tt28-startup-difficult-area",
        "tt28-overseas-airfare",
    ]
    assert "tt28-startup-extremely-difficult-area" in _national(
        day, "45-2", area_classes=AreaClass.objects.filter(pk=extremely.pk)
    )


def test_a_local_project_gets_its_provinces_rule_first_then_the_national_ones(provinces):
    mine, other = provinces
    _local_rule(mine, "local-mine")
    _local_rule(other, "local-other")
    day = datetime.date(2025, 3, 1)
    rules = support_rules_for(
        activity_content=_content("45-3"), programme=Programme.LOCAL, province=mine, on=day
    )
    assert _codes(rules) == [
        "local-mine",
        "tt64-technology-line",
        "tt28-advanced-machinery",
        "tt28-demonstration-model",
    ]


def test_a_national_project_never_gets_a_local_rule(provinces):
    mine, _ = provinces
    _local_rule(mine, "local-mine")
    rules = support_rules_for(
        activity_content=_content("45-3"),
        programme=Programme.NATIONAL,
        province=mine,
        on=datetime.date(2025, 3, 1),
    )
    assert "local-mine" not in _codes(rules)


def test_a_local_rule_is_bound_by_its_own_dates(provinces):
    mine, _ = provinces
    _local_rule(mine, "local-mine", effective_to=datetime.date(2022, 12, 31))
    kwargs = {"activity_content": _content("45-3"), "programme": "local", "province": mine}
    assert "local-mine" in _codes(support_rules_for(on=datetime.date(2022, 12, 31), **kwargs))
    assert "local-mine" not in _codes(support_rules_for(on=datetime.date(2023, 1, 1), **kwargs))


def test_area_specific_before_any_area_then_the_latest(provinces):
    mine, _ = provinces
    mountainous = AreaClass.objects.get(code="mountainous")
    _local_rule(mine, "local-old", effective_from=datetime.date(2019, 1, 1))
    _local_rule(mine, "local-new", effective_from=datetime.date(2021, 1, 1))
    _local_rule(mine, "local-mountain", area_class=mountainous, max_share_percent=Decimal("70"))
    kwargs = {
        "activity_content": _content("45-3"),
        "programme": Programme.LOCAL,
        "province": mine,
        "on": datetime.date(2023, 1, 1),
    }
    assert _codes(support_rules_for(area_classes=[mountainous], **kwargs))[:3] == [
        "local-mountain",
        "local-new",
        "local-old",
    ]
    assert _codes(support_rules_for(**kwargs))[:2] == ["local-new", "local-old"]


def test_an_unknown_programme_is_refused(reference):
    with pytest.raises(ValueError):
        support_rules_for(
            activity_content=_content("45-3"), programme="regional", on=datetime.date(2020, 1, 1)
        )


def test_the_query_count_does_not_grow_with_the_rules(reference, django_assert_num_queries):
    content = _content("45-3")
    with django_assert_num_queries(1):
        rules = list(
            support_rules_for(
                activity_content=content,
                programme=Programme.NATIONAL,
                on=datetime.date(2025, 1, 1),
            )
        )
        assert [rule.legal_basis.number for rule in rules]
