"""A support rule's invariants, checked by full_clean (next to the field) and by the database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from khuyencong.geo.models import Province
from khuyencong.policy.models import LegalBasis, Programme, SupportRule

pytestmark = pytest.mark.django_db


def _rule(**overrides) -> SupportRule:
    values = {
        "code": "test-rule",
        "name": "Ứng dụng máy móc thiết bị tiên tiến",
        "legal_basis": LegalBasis.objects.get(code="tt-28-2018-btc"),
        "programme": Programme.NATIONAL,
        "effective_from": datetime.date(2030, 1, 1),
        "max_share_percent": Decimal("50"),
        "max_amount_vnd": 300_000_000,
        "unit": SupportRule.Unit.PER_ESTABLISHMENT,
    }
    return SupportRule(**(values | overrides))


def _errors(rule: SupportRule) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    return error.value.message_dict


def _refused_by_the_database(rule: SupportRule) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        rule.save()


@pytest.fixture
def province(reference) -> Province:
    return Province.objects.current().order_by("code").first()


def test_a_valid_national_rule_is_accepted(reference):
    rule = _rule()
    rule.full_clean()
    rule.save()
    assert rule.is_in_force_on(datetime.date(2030, 1, 1))
    assert not rule.is_in_force_on(datetime.date(2029, 12, 31))


def test_a_valid_local_rule_is_accepted(province):
    rule = _rule(programme=Programme.LOCAL, province=province)
    rule.full_clean()
    rule.save()


def test_a_share_above_100_is_refused(reference):
    rule = _rule(max_share_percent=Decimal("100.01"))
    assert "max_share_percent" in _errors(rule)
    _refused_by_the_database(rule)


def test_a_share_of_zero_is_refused(reference):
    rule = _rule(max_share_percent=Decimal("0"))
    assert "max_share_percent" in _errors(rule)
    _refused_by_the_database(rule)


def test_a_share_of_100_is_accepted(reference):
    _rule(max_share_percent=Decimal("100"), max_amount_vnd=None).full_clean()


def test_a_rule_without_any_cap_is_refused(reference):
    rule = _rule(max_share_percent=None, max_amount_vnd=None)
    errors = _errors(rule)
    assert {"max_share_percent", "max_amount_vnd"} <= errors.keys()
    assert "__all__" not in errors  # said once per field, not again by the constraint
    _refused_by_the_database(rule)


def test_either_cap_alone_is_enough(reference):
    _rule(max_share_percent=None).full_clean()
    _rule(max_amount_vnd=None).full_clean()


def test_a_local_rule_without_province_is_refused(reference):
    rule = _rule(programme=Programme.LOCAL)
    assert "province" in _errors(rule)
    _refused_by_the_database(rule)


def test_a_national_rule_with_a_province_is_refused(province):
    rule = _rule(province=province)
    assert "province" in _errors(rule)
    _refused_by_the_database(rule)


def test_an_end_before_the_start_is_refused(reference):
    rule = _rule(effective_to=datetime.date(2029, 12, 31))
    errors = _errors(rule)
    assert "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực." in str(errors)
    _refused_by_the_database(rule)


def test_a_one_day_validity_is_accepted(reference):
    _rule(effective_to=datetime.date(2030, 1, 1)).full_clean()


def test_a_zero_amount_is_refused(reference):
    assert "max_amount_vnd" in _errors(_rule(max_amount_vnd=0))


def test_the_unit_is_required(reference):
    assert "unit" in _errors(_rule(unit=""))
