import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from khuyencong.policy.models import ActivityContent, LegalBasis

pytestmark = pytest.mark.django_db


def _basis(**overrides) -> LegalBasis:
    values = {
        "code": "nd-test",
        "kind": LegalBasis.Kind.DECREE,
        "number": "9/2030/NĐ-CP",
        "title": "Về thử nghiệm",
        "issuer": "Chính phủ",
        "effective_from": datetime.date(2030, 1, 1),
    }
    return LegalBasis(**(values | overrides))


def test_full_clean_refuses_an_end_before_the_start():
    basis = _basis(effective_to=datetime.date(2029, 12, 31))
    with pytest.raises(ValidationError) as error:
        basis.full_clean()
    assert "Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực." in str(error.value)


def test_the_database_refuses_an_end_before_the_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        _basis(effective_to=datetime.date(2029, 12, 31)).save()


def test_a_one_day_validity_is_accepted():
    basis = _basis(effective_to=datetime.date(2030, 1, 1))
    basis.full_clean()
    basis.save()
    assert basis.is_in_force_on(datetime.date(2030, 1, 1))
    assert not basis.is_in_force_on(datetime.date(2030, 1, 2))


def test_a_content_cannot_end_before_it_starts():
    basis = _basis()
    basis.save()
    content = ActivityContent(
        legal_basis=basis,
        code="x-1",
        name="Nội dung",
        effective_from=datetime.date(2031, 1, 1),
        effective_to=datetime.date(2030, 6, 1),
    )
    with pytest.raises(ValidationError):
        content.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        content.save()


def test_a_content_cannot_end_before_its_basis_starts():
    basis = _basis()
    basis.save()
    content = ActivityContent(
        legal_basis=basis, code="x-1", name="Nội dung", effective_to=datetime.date(2029, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        content.full_clean()
    assert "effective_to" in error.value.message_dict


def test_a_document_cannot_amend_itself():
    basis = _basis()
    basis.save()
    basis.amends = basis
    with pytest.raises(ValidationError) as error:
        basis.full_clean()
    assert "amends" in error.value.message_dict
