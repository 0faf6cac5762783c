import datetime

import pytest

from khuyencong.policy.models import ActivityContent, LegalBasis
from khuyencong.policy.selectors import activity_contents_for


def _basis(code: str) -> LegalBasis:
    return LegalBasis.objects.get(code=code)


def test_decree_45_2012_has_nine_contents_in_order(reference):
    contents = list(activity_contents_for(_basis("nd-45-2012")))
    assert [c.code for c in contents] == [f"45-{i}" for i in range(1, 10)]
    assert contents[6].name == "Hỗ trợ áp dụng sản xuất sạch hơn"
    assert not any(c.is_catch_all for c in contents)


def test_decree_235_2025_keeps_the_nine_and_adds_new_contents(reference):
    codes = [c.code for c in activity_contents_for(_basis("nd-235-2025"))]
    assert codes[:9] == [f"235-{i}" for i in range(1, 10)]
    assert {"235-10", "235-11", "235-12"} <= set(codes)
    names = " ".join(c.name for c in activity_contents_for(_basis("nd-235-2025")))
    assert "bền vững" in names and "Chuyển đổi số" in names and "nghệ nhân" in names


def test_decree_134_2004_has_a_catch_all_for_legacy_records(reference):
    catch_all = ActivityContent.objects.get(legal_basis__code="nd-134-2004", is_catch_all=True)
    assert catch_all.code == "134-LEGACY"
    assert catch_all.name == "Nội dung khác (hồ sơ cũ)"


def test_contents_without_dates_follow_their_basis(reference):
    decree_134 = _basis("nd-134-2004")
    assert activity_contents_for(decree_134, on=datetime.date(2006, 6, 16)).count() == 9
    assert activity_contents_for(decree_134, on=datetime.date(2013, 1, 1)).count() == 0


def test_a_content_with_its_own_end_date_drops_out_after_it(reference):
    decree_45 = _basis("nd-45-2012")
    ActivityContent.objects.filter(legal_basis=decree_45, code="45-8").update(
        effective_to=datetime.date(2020, 12, 31)
    )
    codes = set(
        activity_contents_for(decree_45, on=datetime.date(2021, 1, 1)).values_list(
            "code", flat=True
        )
    )
    assert "45-8" not in codes and len(codes) == 8
    assert activity_contents_for(decree_45, on=datetime.date(2020, 12, 31)).count() == 9


@pytest.mark.parametrize("basis", ["nd-134-2004", "nd-45-2012", "nd-235-2025"])
def test_every_content_has_a_vietnamese_and_an_english_name(reference, basis):
    for content in activity_contents_for(_basis(basis)):
        assert content.name and content.name_en, content.code
