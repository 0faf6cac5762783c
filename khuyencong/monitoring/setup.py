"""Reference rows of the monitoring module, loaded by `core.setup.load_reference`.

Idempotent: rows are only created, never changed, so what administrators edit (in the admin
site) is kept. The default checklist is created only while the checklist is empty.
"""

from __future__ import annotations

from django.db import transaction

from khuyencong.monitoring.models import ChecklistItem, SurveyRule
from khuyencong.policy.models import ActivityContent

# Surveys after support: technical demonstration models, technology transfer and advanced
# machinery (content 3 of each decree).
SURVEY_CONTENTS = (("nd-134-2004", "134-3"), ("nd-45-2012", "45-3"), ("nd-235-2025", "235-3"))

# (question, content numbers it applies to — none: every inspection)
DEFAULT_CHECKLIST = (
    ("Dự án được thực hiện đúng nội dung, quy mô và địa điểm đã phê duyệt.", ()),
    ("Phần vốn đối ứng của cơ sở thụ hưởng đã được bố trí đủ.", ()),
    ("Hồ sơ, chứng từ chi tiêu được lưu giữ đầy đủ.", ()),
    ("Việc hỗ trợ được công khai (biển, thông báo) theo quy định.", ()),
    ("Danh sách học viên và sổ theo dõi lớp học được lưu giữ.", ("1",)),
    ("Học viên có việc làm đúng nghề sau khóa học.", ("1",)),
    ("Máy móc, thiết bị hoặc mô hình được hỗ trợ đã lắp đặt và đang vận hành.", ("3",)),
    ("Thiết bị đúng chủng loại, công suất, xuất xứ đã phê duyệt.", ("3",)),
    ("Người lao động của cơ sở được hướng dẫn vận hành thiết bị.", ("3",)),
    ("Việc tham gia hội chợ hoặc hồ sơ sản phẩm được lưu giữ.", ("4",)),
)


def _contents(numbers: tuple[str, ...]) -> list[ActivityContent]:
    codes = [f"{decree}-{n}" for n in numbers for decree in ("134", "45", "235")]
    return list(ActivityContent.objects.filter(code__in=codes))


@transaction.atomic
def load_monitoring_reference() -> dict:
    rules = {"created": 0, "total": 0}
    for basis, code in SURVEY_CONTENTS:
        content = ActivityContent.objects.filter(legal_basis__code=basis, code=code).first()
        if content is None:
            continue  # the content does not exist (yet) in this database
        _rule, created = SurveyRule.objects.get_or_create(activity_content=content)
        rules["created"] += int(created)
    rules["total"] = SurveyRule.objects.count()
    items = {"created": 0, "total": 0}
    if not ChecklistItem.objects.exists():
        for order, (text, numbers) in enumerate(DEFAULT_CHECKLIST, start=1):
            item = ChecklistItem.objects.create(text=text, order=order * 10)
            if numbers:
                item.activity_contents.set(_contents(numbers))
            items["created"] += 1
    items["total"] = ChecklistItem.objects.count()
    return {"survey_rules": rules, "checklist_items": items}
