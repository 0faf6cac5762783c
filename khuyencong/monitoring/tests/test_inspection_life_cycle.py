"""An inspection from the plan to the closed follow-ups: checklist answers frozen with the
questions of the project's activity content, findings, a photo, follow-ups done and closed —
each step a named event in the history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khuyencong.core.concurrency import StaleVersionError
from khuyencong.core.selectors import history_of
from khuyencong.core.workflow import TransitionRefused
from khuyencong.monitoring import services
from khuyencong.monitoring.models import ChecklistItem, FollowUpStatus, InspectionStatus
from khuyencong.monitoring.tests.conftest import png
from khuyencong.projects.tests.conftest import TODAY, content


def _events(obj) -> list[str]:
    return [r.event for r in history_of(obj) if r.event]


def test_an_inspection_through_to_closed_follow_ups(monitor, world):
    officer, manager = monitor.user("officer"), monitor.user("manager")
    plan = monitor.plan()
    project = world.approved(activity_content=content("235-3"))
    inspection = monitor.inspection(
        plan=plan, project=project, establishment=world.establishment, team_users=[officer]
    )
    assert inspection.status == InspectionStatus.PLANNED
    assert inspection.province == world.hung_yen
    assert list(inspection.team_users.all()) == [officer]

    # The checklist is that of the machinery content, plus the questions asked everywhere.
    questions = services.checklist_for(inspection)
    texts = [q.text for q in questions]
    assert any("Máy móc" in t for t in texts)
    assert not any("học viên" in t.lower() for t in texts)
    answers = [
        {"item": q.pk, "answer": "no" if index == 0 else "yes", "comment": f"Ghi chú {index}"}
        for index, q in enumerate(questions)
    ]
    inspection = monitor.recorded(
        inspection,
        actual_date=TODAY - datetime.timedelta(days=2),
        answers=answers,
        latitude="20.936921",
        longitude="106,051872",
    )
    assert inspection.status == InspectionStatus.DONE
    assert inspection.actual_date == TODAY - datetime.timedelta(days=2)
    assert str(inspection.longitude) == "106.051872"
    stored = list(inspection.answers.order_by("order", "pk"))
    assert [a.item_text for a in stored] == texts
    assert [a.answer for a in stored][:2] == ["no", "yes"]
    assert stored[0].comment == "Ghi chú 0"

    # An administrator rewords a question: the recorded answer keeps the text that was asked.
    first = ChecklistItem.objects.get(pk=questions[0].pk)
    first.text = "Câu hỏi đã sửa"
    first.save()
    assert inspection.answers.get(item=first).item_text == texts[0]

    finding = services.finding_add(
        inspection=inspection, by=officer, severity="high", text="Máy chưa lắp đặt xong."
    )
    services.finding_add(
        inspection=inspection, by=officer, severity="low", text="Thiếu biển công khai."
    )
    photo = services.photo_add(inspection=inspection, by=officer, upload=png(), caption="Xưởng")
    assert photo.kind == "png" and photo.file.name.endswith(".png")

    follow_up = services.follow_up_add(
        inspection=inspection,
        by=officer,
        finding=finding,
        action="Hoàn thành lắp đặt và chạy thử máy.",
        owner_name="HTX Thêu ren Hưng Yên",
        deadline=TODAY + datetime.timedelta(days=30),
    )
    second = services.follow_up_add(
        inspection=inspection,
        by=officer,
        action="Gửi báo cáo khắc phục.",
        owner_user=officer,
        deadline=TODAY + datetime.timedelta(days=10),
    )
    assert follow_up.status == FollowUpStatus.OPEN

    follow_up = services.follow_up_transition(
        follow_up=follow_up,
        by=officer,
        name="mark_done",
        expected_version=follow_up.version,
        data={"decision_date": TODAY, "note": "Đã chạy thử."},
    )
    assert follow_up.status == FollowUpStatus.DONE and follow_up.done_on == TODAY
    follow_up = services.follow_up_transition(
        follow_up=follow_up,
        by=manager,
        name="close",
        expected_version=follow_up.version,
        data={"decision_date": TODAY, "note": "Kiểm tra lại tại chỗ: máy vận hành tốt."},
    )
    assert follow_up.status == FollowUpStatus.CLOSED
    assert follow_up.closed_on == TODAY
    assert follow_up.closing_note == "Kiểm tra lại tại chỗ: máy vận hành tốt."
    assert _events(follow_up) == ["followup.closed", "followup.done"]

    # An open follow-up may also be closed directly (dropped), with its reason.
    second = services.follow_up_transition(
        follow_up=second,
        by=manager,
        name="close",
        expected_version=second.version,
        data={"decision_date": TODAY, "note": "Không còn cần thiết."},
    )
    assert second.status == FollowUpStatus.CLOSED
    assert "inspection.recorded" in _events(inspection)


def test_closing_needs_a_note_and_a_date_and_nothing_after_closed(monitor):
    inspection = monitor.recorded()
    officer = monitor.user("officer")
    follow_up = services.follow_up_add(
        inspection=inspection,
        by=officer,
        action="Bổ sung hồ sơ.",
        owner_name="Phòng Kinh tế xã",
        deadline=TODAY + datetime.timedelta(days=5),
    )
    with pytest.raises(ValidationError) as refused:
        services.follow_up_transition(
            follow_up=follow_up, by=officer, name="close", expected_version=follow_up.version
        )
    assert set(refused.value.message_dict) == {"decision_date", "note"}
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.OPEN
    services.follow_up_transition(
        follow_up=follow_up,
        by=officer,
        name="close",
        expected_version=follow_up.version,
        data={"decision_date": TODAY, "note": "Đã bổ sung."},
    )
    follow_up.refresh_from_db()
    with pytest.raises(TransitionRefused):
        services.follow_up_transition(
            follow_up=follow_up, by=officer, name="reopen", data={"note": "Mở lại"}
        )


def test_a_done_follow_up_can_be_reopened_with_a_reason(monitor):
    inspection = monitor.recorded()
    officer = monitor.user("officer")
    follow_up = services.follow_up_add(
        inspection=inspection,
        by=officer,
        action="Sửa chữa mái xưởng.",
        owner_name="Cơ sở",
        deadline=TODAY + datetime.timedelta(days=5),
    )
    follow_up = services.follow_up_transition(
        follow_up=follow_up, by=officer, name="mark_done", data={"decision_date": TODAY}
    )
    follow_up = services.follow_up_transition(
        follow_up=follow_up, by=officer, name="reopen", data={"note": "Mái vẫn dột."}
    )
    assert follow_up.status == FollowUpStatus.OPEN and follow_up.done_on is None


def test_the_checklist_follows_the_activity_content(monitor, world):
    training = monitor.inspection(project=world.approved(activity_content=content("235-1")))
    texts = [q.text for q in services.checklist_for(training)]
    assert any("học viên" in t.lower() for t in texts)
    assert not any("Máy móc" in t for t in texts)
    # An administrator adds a question for training only, and retires another.
    added = ChecklistItem.objects.create(text="Giáo trình được phê duyệt.", order=1)
    added.activity_contents.set([content("235-1")])
    retired = ChecklistItem.objects.filter(activity_contents__isnull=True).first()
    retired.is_active = False
    retired.save()
    texts = [q.text for q in services.checklist_for(training)]
    assert texts[0] == "Giáo trình được phê duyệt."
    assert retired.text not in texts


def test_every_question_must_be_answered(monitor):
    inspection = monitor.inspection()
    answers = monitor.answers(inspection)[1:]
    with pytest.raises(ValidationError) as refused:
        monitor.recorded(inspection, answers=answers)
    assert "answers" in refused.value.message_dict
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED
    assert not inspection.answers.exists()


def test_an_inspection_can_be_cancelled_with_a_reason(monitor):
    inspection = monitor.inspection()
    officer = monitor.user("officer")
    with pytest.raises(ValidationError):
        services.inspection_cancel(
            inspection=inspection, by=officer, expected_version=inspection.version, reason=" "
        )
    inspection = services.inspection_cancel(
        inspection=inspection,
        by=officer,
        expected_version=inspection.version,
        reason="Cơ sở tạm dừng sản xuất.",
    )
    assert inspection.status == InspectionStatus.CANCELLED
    assert "inspection.cancelled" in _events(inspection)
    with pytest.raises(PermissionDenied):
        monitor.recorded(inspection)


def test_a_second_recorder_on_a_stale_page_is_told(monitor):
    inspection = monitor.inspection()
    opened = inspection.version
    monitor.recorded(inspection, summary="Bản của cán bộ thứ nhất.")
    with pytest.raises(StaleVersionError):
        services.inspection_record(
            inspection=inspection,
            by=monitor.user("manager"),
            expected_version=opened,
            actual_date=TODAY,
            answers=monitor.answers(inspection),
            summary="Bản của lãnh đạo.",
        )
    inspection.refresh_from_db()
    assert inspection.summary == "Bản của cán bộ thứ nhất."


def test_a_deleted_question_keeps_its_answer_and_the_record_can_be_corrected(monitor):
    inspection = monitor.recorded()
    first = inspection.answers.order_by("order", "pk").first()
    ChecklistItem.objects.filter(pk=first.item_id).delete()
    first.refresh_from_db()
    assert first.item_id is None and first.item_text
    answers = [{"item": a.item_id, "answer": "na"} for a in inspection.answers.exclude(item=None)]
    monitor.recorded(inspection, answers=answers, summary="Sửa kết luận.")
    first.refresh_from_db()
    assert first.answer == "yes"
    assert set(inspection.answers.exclude(item=None).values_list("answer", flat=True)) == {"na"}
