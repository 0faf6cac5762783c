"""The cap in whole đồng: the smaller of share of the cost (rounded down) and amount per unit."""

from decimal import Decimal

import pytest
from django.utils import translation

from khuyencong.policy.models import SupportRule
from khuyencong.policy.support import describe_cap, support_cap_vnd


def _rule(share=None, amount=None, unit=SupportRule.Unit.PER_ESTABLISHMENT) -> SupportRule:
    return SupportRule(
        max_share_percent=None if share is None else Decimal(share),
        max_amount_vnd=amount,
        unit=unit,
    )


MACHINERY = _rule("50", 300_000_000)


@pytest.mark.parametrize(
    ("cost", "cap"),
    [
        (400_000_000, 200_000_000),  # the share binds
        (600_000_000, 300_000_000),  # both equal
        (1_000_000_000, 300_000_000),  # the amount binds
        (0, 0),
        (1, 0),  # half a đồng rounds down
        (333_333_333, 166_666_666),
    ],
)
def test_the_smaller_of_share_and_amount(cost, cap):
    assert support_cap_vnd(MACHINERY, eligible_cost_vnd=cost) == cap


def test_a_fractional_share_rounds_down_to_whole_dong():
    rule = _rule("33.33")
    assert support_cap_vnd(rule, eligible_cost_vnd=1_000_000) == 333_300
    assert support_cap_vnd(rule, eligible_cost_vnd=999) == 332  # 332,9667 đ
    assert isinstance(support_cap_vnd(rule, eligible_cost_vnd=999), int)


def test_large_costs_are_exact():
    rule = _rule("30", 1_000_000_000_000)
    cost = 9_999_999_999_999_999
    assert support_cap_vnd(rule, eligible_cost_vnd=cost) == 1_000_000_000_000
    assert support_cap_vnd(_rule("30"), eligible_cost_vnd=cost) == cost * 30 // 100


def test_the_amount_is_per_unit():
    assert support_cap_vnd(MACHINERY, eligible_cost_vnd=None, units=3) == 900_000_000
    assert support_cap_vnd(MACHINERY, eligible_cost_vnd=1_000_000_000, units=3) == 500_000_000


def test_without_a_cost_only_the_amount_counts():
    assert support_cap_vnd(MACHINERY, eligible_cost_vnd=None) == 300_000_000


def test_a_share_only_rule_needs_the_cost():
    airfare = _rule("100", unit=SupportRule.Unit.PER_PERSON)
    assert support_cap_vnd(airfare, eligible_cost_vnd=None) is None
    assert support_cap_vnd(airfare, eligible_cost_vnd=25_000_000) == 25_000_000


def test_an_amount_only_rule_ignores_the_cost():
    startup = _rule(amount=10_000_000, unit=SupportRule.Unit.PER_ENTERPRISE)
    assert support_cap_vnd(startup, eligible_cost_vnd=50_000_000) == 10_000_000
    assert support_cap_vnd(startup, eligible_cost_vnd=4_000_000) == 10_000_000


@pytest.mark.parametrize(("cost", "units"), [(-1, 1), (100, 0), (100, -2)])
def test_bad_input_is_refused(cost, units):
    with pytest.raises(ValueError):
        support_cap_vnd(MACHINERY, eligible_cost_vnd=cost, units=units)


def test_the_cap_in_words():
    with translation.override("en"):
        assert describe_cap(MACHINERY) == (
            "At most 50 % of the cost and no more than 300.000.000 đ per establishment"
        )
        assert describe_cap(_rule("33.5")) == "At most 33,5 % of the cost"
        assert describe_cap(_rule(amount=10_000_000, unit=SupportRule.Unit.PER_ENTERPRISE)) == (
            "No more than 10.000.000 đ per enterprise"
        )
