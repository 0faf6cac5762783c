"""Who may see and record what: every role against the monitoring records of Hưng Yên (ours)
and Bắc Ninh (another province), by page, service and API; collaborators record in their
communes only; the ministry and viewers read."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khuyencong.monitoring import services
from khuyencong.monitoring.models import Inspection, Survey, SurveyStatus
from khuyencong.monitoring.tests.conftest import png
from khuyencong.projects.tests.conftest import TODAY
from khuyencong.registry.tests.factories import EstablishmentFactory, commune_of

OURS, OTHER = "ours", "other"
BOTH = {OURS, OTHER}
# role -> (inspections it sees, surveys it sees)
SEES = {
    "admin": (BOTH, BOTH),
    "ministry": (BOTH, BOTH),
    "manager": ({OURS}, {OURS}),
    "officer": ({OURS}, {OURS}),
    "collaborator": ({OURS}, {OURS}),  # its commune's establishment
    "establishment": (set(), set()),
    "viewer_province": ({OURS}, {OURS}),
    "viewer_country": (BOTH, BOTH),
    "other_officer": ({OTHER}, {OTHER}),
}
RECORDERS = {"admin", "manager", "officer"}


@pytest.fixture
def records(monitor, world):
    ours = monitor.recorded()
    officer = monitor.user("officer")
    follow_up = services.follow_up_add(
        inspection=ours,
        by=officer,
        action="Bổ sung hồ sơ",
        owner_name="Cơ sở",
        deadline=TODAY + datetime.timedelta(days=9),
    )
    photo = services.photo_add(inspection=ours, by=officer, upload=png())
    our_survey = Survey.objects.filter(project=monitor.accepted("235-3")).first()

    other_officer = monitor.user("other_officer")
    project = monitor.bac_ninh_project()
    other = monitor.inspection(by="other_officer", project=project)
    other = monitor.recorded(other, by="other_officer")
    other_survey = services.survey_create(
        by=other_officer,
        establishment=world.other_establishment,
        project=project,
        due_date=TODAY + datetime.timedelta(days=20),
    )
    return {
        "inspection": {OURS: ours, OTHER: other},
        "survey": {OURS: our_survey, OTHER: other_survey},
        "follow_up": follow_up,
        "photo": photo,
        "plan": monitor.plan(),
    }


@pytest.mark.parametrize("role", SEES)
def test_pages_show_only_what_is_in_scope(client, monitor, records, role):
    sees_inspections, sees_surveys = SEES[role]
    client.force_login(monitor.user(role))
    listing = client.get(reverse("monitoring:inspection_list"))
    shown = {i.pk for i in listing.context["page_obj"]}
    for key, inspection in records["inspection"].items():
        visible = key in sees_inspections
        assert (inspection.pk in shown) == visible, (role, key)
        detail = client.get(inspection.get_absolute_url())
        assert detail.status_code == (200 if visible else 404), (role, key)
        record = client.get(reverse("monitoring:inspection_record", args=[inspection.pk]))
        # The collaborator: the project's beneficiary is in its commune.
        may = visible and (role in RECORDERS | {"collaborator", "other_officer"})
        assert record.status_code == (200 if may else 403 if visible else 404), (role, key)
    for key, survey in records["survey"].items():
        visible = key in sees_surveys
        detail = client.get(survey.get_absolute_url())
        assert detail.status_code == (200 if visible else 404), (role, key, "survey")
    ours = OURS in sees_inspections
    for url in (
        records["follow_up"].get_absolute_url(),
        reverse("monitoring:photo", args=[records["photo"].pk]),
        records["plan"].get_absolute_url(),
    ):
        assert client.get(url).status_code == (200 if ours else 404), (role, url)


@pytest.mark.parametrize("role", SEES)
def test_the_api_hides_what_is_out_of_scope(client, monitor, records, role):
    sees_inspections, sees_surveys = SEES[role]
    client.force_login(monitor.user(role))
    for key, inspection in records["inspection"].items():
        response = client.get(f"/api/v1/inspections/{inspection.pk}/")
        assert response.status_code == (200 if key in sees_inspections else 404), (role, key)
    for key, survey in records["survey"].items():
        response = client.get(f"/api/v1/surveys/{survey.pk}/")
        assert response.status_code == (200 if key in sees_surveys else 404), (role, key)


def test_another_provinces_officer_cannot_write(client, monitor, records):
    ours = records["inspection"][OURS]
    follow_up = records["follow_up"]
    survey = records["survey"][OURS]
    other = monitor.user("other_officer")
    client.force_login(other)
    for url in (
        reverse("monitoring:inspection_edit", args=[ours.pk]),
        reverse("monitoring:inspection_record", args=[ours.pk]),
        reverse("monitoring:finding_add", args=[ours.pk]),
        reverse("monitoring:follow_up_add", args=[ours.pk]),
        reverse("monitoring:photo_upload", args=[ours.pk]),
        reverse("monitoring:follow_up_transition", args=[follow_up.pk, "close"]),
        reverse("monitoring:survey_record", args=[survey.pk]),
        reverse("monitoring:plan_edit", args=[records["plan"].pk]),
    ):
        assert client.post(url, {"note": "x", "severity": "high", "text": "x"}).status_code == 404
    response = client.patch(
        f"/api/v1/inspections/{ours.pk}/",
        {"note": "Sửa trái phép", "version": ours.version},
        content_type="application/json",
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.finding_add(inspection=ours, by=other, severity="high", text="Trái phép")
    with pytest.raises(PermissionDenied):
        services.survey_record(
            survey=survey, by=other, expected_version=survey.version, status="done"
        )
    with pytest.raises(ValidationError) as refused:
        services.inspection_create(
            by=other, project=ours.project, planned_date=TODAY, team_members="Tổ"
        )
    assert "outside your area" in refused.value.message_dict["project"][0]
    ours.refresh_from_db()
    assert not ours.findings.exists() and ours.note == ""


@pytest.mark.parametrize("role", ["ministry", "viewer_country", "viewer_province"])
def test_the_ministry_and_viewers_only_read(client, monitor, records, role):
    user = monitor.user(role)
    ours = records["inspection"][OURS]
    survey = records["survey"][OURS]
    client.force_login(user)
    assert client.get(reverse("monitoring:inspection_create")).status_code == 403
    assert client.get(reverse("monitoring:survey_record", args=[survey.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.finding_add(inspection=ours, by=user, severity="low", text="x")
    with pytest.raises(PermissionDenied):
        services.survey_record(
            survey=survey, by=user, expected_version=survey.version, status="done"
        )
    page = client.get(records["follow_up"].get_absolute_url()).content.decode()
    assert 'data-action="close"' in page and "disabled" in page


def test_a_collaborator_records_a_survey_in_their_commune_not_another(client, monitor, world):
    collaborator = monitor.user("collaborator")
    elsewhere = EstablishmentFactory(name="Cơ sở xã khác", commune=commune_of("Hưng Yên", 1))
    project = monitor.accepted("235-3", establishments=[world.establishment, elsewhere])
    mine = Survey.objects.filter(project=project, establishment=world.establishment).first()
    theirs = Survey.objects.filter(project=project, establishment=elsewhere).first()
    client.force_login(collaborator)
    response = client.post(
        reverse("monitoring:survey_record", args=[mine.pk]),
        {
            "version": mine.version,
            "status": "done",
            "surveyed_on": TODAY.strftime("%d/%m/%Y"),
            "equipment_in_use": "partly",
            "workers": "14",
            "women_workers": "6",
            "revenue_vnd": "1.250.000.000",
            "cost_change_percent": "-8,5",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == SurveyStatus.DONE and mine.recorded_by == collaborator
    assert mine.revenue_vnd == 1_250_000_000 and str(mine.cost_change_percent) == "-8.5"
    # The other commune's survey: not even visible to the collaborator.
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.post(reverse("monitoring:survey_record", args=[theirs.pk]), {}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.survey_record(
            survey=theirs,
            by=collaborator,
            expected_version=theirs.version,
            status="not_reachable",
            surveyed_on=TODAY,
            note="x",
        )
    theirs.refresh_from_db()
    assert theirs.status == SurveyStatus.DUE


def test_a_collaborator_records_inspection_visits_in_their_communes(monitor, world):
    collaborator = monitor.user("collaborator")
    elsewhere = EstablishmentFactory(name="Cơ sở xã khác", commune=commune_of("Hưng Yên", 1))
    # A project with a beneficiary in the collaborator's commune: they may record its visit.
    visit = monitor.inspection(project=world.approved())
    monitor.recorded(visit, by="collaborator")
    # An ad-hoc visit of a supported establishment in their commune: they may create it.
    own = services.inspection_create(
        by=collaborator, establishment=world.establishment, planned_date=TODAY, team_members="CTV"
    )
    assert own.status == "planned"
    # A project elsewhere in the province: visible, but not theirs to record.
    far = world.approved(establishments=[elsewhere], communes=[commune_of("Hưng Yên", 1)])
    far_visit = monitor.inspection(project=far)
    assert not services.may_record(collaborator, far_visit)
    with pytest.raises(PermissionDenied):
        monitor.recorded(far_visit, by="collaborator")
    with pytest.raises(ValidationError):
        services.inspection_create(
            by=collaborator, establishment=elsewhere, planned_date=TODAY, team_members="CTV"
        )
    # Nor do they put inspections into the yearly plan, or act on follow-ups.
    with pytest.raises(ValidationError) as refused:
        services.inspection_create(
            by=collaborator,
            plan=monitor.plan(),
            establishment=world.establishment,
            planned_date=TODAY,
            team_members="CTV",
        )
    assert "plan" in refused.value.message_dict
    assert Inspection.objects.filter(status="done", pk=visit.pk).exists()
