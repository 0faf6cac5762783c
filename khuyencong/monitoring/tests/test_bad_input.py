"""Bad input is refused with a clear message next to the field, and nothing is saved: a
follow-up due before the inspection, a survey of an establishment that got no support, a photo
that is not an image, a GPS point out of range (a point outside Vietnam is only a warning)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khuyencong.monitoring import services
from khuyencong.monitoring.models import (
    FollowUp,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    InspectionStatus,
    Survey,
)
from khuyencong.projects.tests.conftest import TODAY, pdf
from khuyencong.registry.tests.factories import EstablishmentFactory

VISIT = TODAY - datetime.timedelta(days=3)


# --- follow-up deadline before the inspection -------------------------------------------------


def test_a_follow_up_due_before_the_inspection_is_refused(monitor):
    inspection = monitor.recorded(actual_date=VISIT)
    with pytest.raises(ValidationError) as refused:
        services.follow_up_add(
            inspection=inspection,
            by=monitor.user("officer"),
            action="Khắc phục",
            owner_name="Cơ sở",
            deadline=VISIT - datetime.timedelta(days=1),
        )
    message = refused.value.message_dict["deadline"][0]
    assert message == f"The deadline cannot be before the inspection ({VISIT:%d/%m/%Y})."
    assert not FollowUp.objects.exists()


def test_the_follow_up_form_shows_the_message_next_to_the_deadline(client, monitor):
    inspection = monitor.recorded(actual_date=VISIT)
    client.force_login(monitor.user("officer"))
    response = client.post(
        reverse("monitoring:follow_up_add", args=[inspection.pk]),
        {"action": "Khắc phục", "owner_name": "Cơ sở", "deadline": "01/01/2020"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["deadline"] == [
        f"The deadline cannot be before the inspection ({VISIT:%d/%m/%Y})."
    ]
    assert not FollowUp.objects.exists()


def test_a_follow_up_needs_an_owner(monitor):
    inspection = monitor.recorded()
    with pytest.raises(ValidationError) as refused:
        services.follow_up_add(
            inspection=inspection,
            by=monitor.user("officer"),
            action="Khắc phục",
            deadline=TODAY,
        )
    assert "owner_name" in refused.value.message_dict
    assert not FollowUp.objects.exists()


def test_a_later_visit_date_cannot_leave_a_follow_up_due_before_it(monitor):
    inspection = monitor.recorded(actual_date=VISIT - datetime.timedelta(days=5))
    services.follow_up_add(
        inspection=inspection,
        by=monitor.user("officer"),
        action="Khắc phục",
        owner_name="Cơ sở",
        deadline=VISIT - datetime.timedelta(days=2),
    )
    with pytest.raises(ValidationError) as refused:
        monitor.recorded(inspection, actual_date=VISIT)
    assert "actual_date" in refused.value.message_dict
    inspection.refresh_from_db()
    assert inspection.actual_date == VISIT - datetime.timedelta(days=5)


# --- survey of an establishment that got no support -------------------------------------------


def test_a_survey_of_an_establishment_without_support_is_refused(monitor, world):
    project = monitor.accepted("235-3")
    before = Survey.objects.count()
    unsupported = EstablishmentFactory(name="Cơ sở chưa được hỗ trợ", commune=world.commune)
    with pytest.raises(ValidationError) as refused:
        services.survey_create(
            by=monitor.user("officer"),
            establishment=unsupported,
            project=project,
            due_date=TODAY + datetime.timedelta(days=30),
        )
    assert refused.value.message_dict["establishment"] == [
        "Cơ sở chưa được hỗ trợ has received no support (no approved project names it): "
        "surveys are only for establishments that received support."
    ]
    assert Survey.objects.count() == before


def test_a_survey_needs_support_from_the_project_named(monitor, world):
    accepted = monitor.accepted("235-3")
    other = world.approved()
    supported_elsewhere = EstablishmentFactory(commune=world.commune)
    other.establishments.add(supported_elsewhere)
    before = Survey.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.survey_create(
            by=monitor.user("officer"),
            establishment=supported_elsewhere,
            project=accepted,
            due_date=TODAY,
        )
    assert "received no support from this project" in refused.value.message_dict["establishment"][0]
    assert Survey.objects.count() == before


def test_the_survey_form_refuses_an_establishment_without_support(client, monitor, world):
    project = monitor.accepted("235-3")
    before = Survey.objects.count()
    unsupported = EstablishmentFactory(name="Cơ sở chưa được hỗ trợ", commune=world.commune)
    client.force_login(monitor.user("officer"))
    response = client.post(
        reverse("monitoring:survey_create"),
        {"establishment": unsupported.pk, "project": project.pk, "due_date": "01/06/2027"},
    )
    assert response.status_code == 200
    assert "has received no support" in response.context["form"].errors["establishment"][0]
    assert Survey.objects.count() == before


def test_survey_answers_are_checked(monitor):
    survey = Survey.objects.filter(project=monitor.accepted("235-3")).first()
    with pytest.raises(ValidationError) as refused:
        services.survey_record(
            survey=survey,
            by=monitor.user("officer"),
            expected_version=survey.version,
            status="done",
            surveyed_on=TODAY + datetime.timedelta(days=1),
            workers=5,
            women_workers=7,
            cost_change_percent=Decimal(-150),
        )
    assert set(refused.value.message_dict) == {
        "surveyed_on",
        "equipment_in_use",
        "women_workers",
        "cost_change_percent",
    }
    survey.refresh_from_db()
    assert survey.status == "due" and survey.workers is None


# --- a photo that is not an image -------------------------------------------------------------


def test_a_photo_that_is_not_an_image_is_refused(monitor, settings):
    inspection = monitor.recorded()
    with pytest.raises(ValidationError) as refused:
        services.photo_add(
            inspection=inspection, by=monitor.user("officer"), upload=pdf("anh-hien-truong.jpg")
        )
    assert refused.value.message_dict["upload"] == [
        "“anh-hien-truong.jpg” is not an allowed file type. Allowed: JPEG, PNG."
    ]
    assert not InspectionPhoto.objects.exists()
    media = settings.MEDIA_ROOT / "files" / "monitoring"
    assert not media.exists() or not any(media.rglob("*.*"))


def test_the_photo_form_says_why(client, monitor):
    inspection = monitor.recorded()
    client.force_login(monitor.user("officer"))
    fake = SimpleUploadedFile("so-do.png", b"not really a picture", content_type="image/png")
    response = client.post(
        reverse("monitoring:photo_upload", args=[inspection.pk]), {"upload": fake}, follow=True
    )
    assert "“so-do.png” is not an allowed file type. Allowed: JPEG, PNG." in [
        str(m) for m in response.context["messages"]
    ]
    assert not InspectionPhoto.objects.exists()


# --- GPS out of range -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("91", "106", "latitude", "Must be between -90 and 90."),
        ("21", "-180.5", "longitude", "Must be between -180 and 180."),
        ("abc", "106", "latitude", "Enter a number, e.g. 20.936921."),
        ("21", "", "longitude", "Enter both the latitude and the longitude, or neither."),
    ],
)
def test_a_gps_point_out_of_range_is_refused(monitor, latitude, longitude, field, message):
    inspection = monitor.inspection()
    with pytest.raises(ValidationError) as refused:
        monitor.recorded(inspection, latitude=latitude, longitude=longitude)
    assert refused.value.message_dict[field] == [message]
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED
    assert inspection.latitude is None and inspection.actual_date is None
    assert not InspectionAnswer.objects.filter(inspection=inspection).exists()


def test_the_record_form_shows_the_gps_message(client, monitor):
    inspection = monitor.inspection()
    client.force_login(monitor.user("officer"))
    data = {
        "version": inspection.version,
        "actual_date": VISIT.strftime("%d/%m/%Y"),
        "latitude": "95.5",
        "longitude": "106.1",
    }
    for item in services.checklist_for(inspection):
        data[f"answer_{item.pk}"] = "yes"
    response = client.post(reverse("monitoring:inspection_record", args=[inspection.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["latitude"] == ["Must be between -90 and 90."]
    assert Inspection.objects.get(pk=inspection.pk).status == InspectionStatus.PLANNED


def test_a_point_outside_vietnam_is_saved_with_a_warning(client, monitor):
    inspection = monitor.inspection()
    client.force_login(monitor.user("officer"))
    data = {
        "version": inspection.version,
        "actual_date": VISIT.strftime("%d/%m/%Y"),
        "latitude": "106.05",  # swapped: out of range, refused
        "longitude": "20.93",
    }
    for item in services.checklist_for(inspection):
        data[f"answer_{item.pk}"] = "yes"
    url = reverse("monitoring:inspection_record", args=[inspection.pk])
    assert client.post(url, data).status_code == 200
    data.update(latitude="48.85", longitude="2.35")  # Paris: possible, but worth a look
    response = client.post(url, data, follow=True)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DONE
    assert inspection.latitude == Decimal("48.85")
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings and "outside Vietnam" in warnings[0]
    assert "outside Vietnam" in response.content.decode()


# --- subjects -----------------------------------------------------------------------------------


def test_the_subject_must_be_an_approved_project_or_a_supported_establishment(monitor, world):
    draft = world.ready_draft()
    unsupported = EstablishmentFactory(commune=world.commune)
    officer = monitor.user("officer")
    cases = [
        ({}, "project"),
        ({"project": draft}, "project"),
        ({"establishment": unsupported}, "establishment"),
        ({"project": world.approved(), "establishment": unsupported}, "establishment"),
    ]
    for values, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.inspection_create(
                by=officer, planned_date=TODAY, team_members="Tổ kiểm tra", **values
            )
        assert field in refused.value.message_dict, values
    assert not Inspection.objects.exists()


def test_a_planned_inspection_falls_in_the_plans_year(monitor):
    plan = monitor.plan()
    with pytest.raises(ValidationError) as refused:
        monitor.inspection(plan=plan, planned_date=datetime.date(TODAY.year + 1, 1, 5))
    assert refused.value.message_dict["planned_date"] == [
        f"The planned date must fall in the plan's year ({TODAY.year})."
    ]
