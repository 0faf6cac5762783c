import datetime

import pytest

from khuyencong.policy.models import LegalBasis
from khuyencong.policy.selectors import legal_basis_for_projects_on


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (datetime.date(2006, 6, 16), "nd-134-2004"),  # Hải Phòng's 2006 plan
        (datetime.date(2012, 7, 9), "nd-134-2004"),
        (datetime.date(2012, 7, 10), "nd-45-2012"),
        (datetime.date(2019, 5, 1), "nd-45-2012"),
        (datetime.date(2025, 10, 14), "nd-45-2012"),
        (datetime.date(2025, 10, 15), "nd-235-2025"),
        (datetime.date(2030, 1, 1), "nd-235-2025"),
    ],
)
def test_the_basis_a_project_is_approved_under_depends_on_the_day(reference, day, code):
    assert legal_basis_for_projects_on(day).code == code


def test_there_is_none_before_the_first_decree(reference):
    assert legal_basis_for_projects_on(datetime.date(2000, 1, 1)) is None


def test_an_amended_decree_stays_in_force_but_the_amendment_takes_over(reference):
    day = datetime.date(2026, 1, 1)
    decree_45 = LegalBasis.objects.get(code="nd-45-2012")
    assert decree_45.is_in_force_on(day)
    assert LegalBasis.objects.get(code="nd-235-2025").amends == decree_45
    assert legal_basis_for_projects_on(day).code == "nd-235-2025"


def test_a_date_an_administrator_corrects_changes_the_choice(reference):
    LegalBasis.objects.filter(code="nd-235-2025").update(effective_from=datetime.date(2025, 11, 1))
    assert legal_basis_for_projects_on(datetime.date(2025, 10, 20)).code == "nd-45-2012"


def test_circulars_and_decisions_are_not_project_bases(reference):
    bases = LegalBasis.objects.project_bases().values_list("code", flat=True)
    assert set(bases) == {"nd-134-2004", "nd-45-2012", "nd-235-2025"}
