"""`ActivityContent.is_in_force_on` (contents already loaded, e.g. by an import) says what the
queryset's `in_force_on` says, the basis's dates standing in for the content's empty ones."""

import datetime

import pytest

from khuyencong.policy.models import ActivityContent

pytestmark = pytest.mark.django_db

DAYS = [
    datetime.date(2004, 1, 1),
    datetime.date(2006, 6, 1),
    datetime.date(2012, 7, 9),
    datetime.date(2018, 12, 31),
    datetime.date(2025, 7, 1),
    datetime.date(2026, 1, 1),
]


@pytest.mark.parametrize("day", DAYS)
def test_in_memory_matches_the_query(day):
    contents = list(ActivityContent.objects.select_related("legal_basis"))
    assert contents
    in_force = set(ActivityContent.objects.in_force_on(day).values_list("pk", flat=True))
    assert {c.pk for c in contents if c.is_in_force_on(day)} == in_force


def test_a_contents_own_dates_win_over_its_basis():
    content = ActivityContent.objects.select_related("legal_basis").first()
    basis = content.legal_basis
    content.effective_from = basis.effective_from + datetime.timedelta(days=10)
    content.effective_to = None
    assert not content.is_in_force_on(basis.effective_from)
    assert content.is_in_force_on(content.effective_from)
