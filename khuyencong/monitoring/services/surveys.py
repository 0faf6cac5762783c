"""Writes of the after-support surveys: scheduled at a project's acceptance, added by hand,
recorded. Each is one transaction attributed to the `by` user."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.core.concurrency import claim_version
from khuyencong.core.history import record_event, saved_as_event
from khuyencong.core.services import write
from khuyencong.monitoring.models import (
    EquipmentUse,
    Survey,
    SurveyRule,
    SurveyStatus,
)
from khuyencong.monitoring.services.access import (
    DEFAULT_SURVEY_MONTHS,
    _check,
    _day,
    has_received_support,
    may_create_survey,
    may_record_survey,
    subject_within_reach,
)
from khuyencong.projects.models import Project, Status
from khuyencong.registry.models import Establishment

# --- surveys after support -----------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter: 31/8 + 6 → 28/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def survey_months() -> tuple[int, ...]:
    return tuple(getattr(settings, "KC_SURVEY_MONTHS", DEFAULT_SURVEY_MONTHS))


def surveys_apply_to(project: Project) -> bool:
    return SurveyRule.objects.filter(
        activity_content_id=project.activity_content_id, is_active=True
    ).exists()


def schedule_surveys(*, project: Project) -> list[Survey]:
    """At acceptance: for each beneficiary establishment, one survey due at each of
    `KC_SURVEY_MONTHS` after the acceptance date — if a survey rule covers the project's
    activity content. Runs inside the acceptance's transaction; idempotent."""
    if project.acceptance_date is None or not surveys_apply_to(project):
        return []
    created = []
    for establishment in project.establishments.order_by("pk"):
        for months in survey_months():
            survey, new = Survey.objects.get_or_create(
                establishment=establishment,
                project=project,
                months_after=months,
                defaults={
                    "province_id": establishment.province_id,
                    "due_date": add_months(project.acceptance_date, months),
                },
            )
            if new:
                created.append(survey)
    if created:
        record_event(project, "project.surveys_scheduled", data={"surveys": len(created)})
    return created


def on_project_transition(sender, instance, transition, user, **kwargs) -> None:
    """Receiver of `core.workflow.transition_done`: a project's acceptance schedules surveys."""
    if transition.name == "accept":
        schedule_surveys(project=instance)


def _support_error(establishment: Establishment, project: Project | None) -> str | None:
    if not has_received_support(establishment):
        return _(
            "%(name)s has received no support (no approved project names it): surveys are only "
            "for establishments that received support."
        ) % {"name": establishment.name}
    if project is None:
        return None
    if (
        project.approved_on is None
        or project.status == Status.CANCELLED
        or not project.establishments.filter(pk=establishment.pk).exists()
    ):
        return _("%(name)s received no support from this project.") % {"name": establishment.name}
    return None


@write
def survey_create(
    *,
    by: User,
    establishment: Establishment,
    project: Project,
    due_date: datetime.date,
    note: str = "",
) -> Survey:
    """A survey added by hand (outside the schedule), e.g. after a complaint."""
    _check(may_create_survey(by))
    errors: dict[str, str] = {}
    if establishment is None:
        errors["establishment"] = _("Choose the establishment.")
    else:
        problem = _support_error(establishment, project)
        if problem:
            errors["establishment"] = problem
    if project is None:
        errors["project"] = _("Choose the project that supported the establishment.")
    if due_date is None:
        errors["due_date"] = _("Enter the due date.")
    if errors:
        raise ValidationError(errors)
    if not subject_within_reach(by, establishment=establishment):
        raise ValidationError(
            {"establishment": _("This establishment is outside your area of work.")}
        )
    survey = Survey(
        establishment=establishment,
        project=project,
        province_id=establishment.province_id,
        due_date=due_date,
        note=str(note or "").strip(),
    )
    survey.save()
    return survey


SURVEY_ANSWERS = (
    "surveyed_on",
    "equipment_in_use",
    "workers",
    "women_workers",
    "revenue_vnd",
    "cost_change_percent",
    "note",
)


@write
def survey_record(
    *, survey: Survey, by: User, expected_version: int, status: str, **values: Any
) -> Survey:
    """Record the survey (done) or that the establishment could not be reached."""
    _check(may_record_survey(by, survey))
    unknown = set(values) - set(SURVEY_ANSWERS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    errors: dict[str, str] = {}
    if status not in (SurveyStatus.DONE, SurveyStatus.NOT_REACHABLE):
        errors["status"] = _("Choose the result: done or not reachable.")
    day = values.get("surveyed_on")
    accepted = survey.project.acceptance_date
    if day is None:
        errors["surveyed_on"] = _("Enter the date of the survey.")
    elif day > timezone.localdate():
        errors["surveyed_on"] = _("The date cannot be in the future.")
    elif accepted is not None and day < accepted:
        errors["surveyed_on"] = _(
            "The date cannot be before the project's acceptance (%(day)s)."
        ) % {"day": _day(accepted)}
    note = str(values.get("note") or "").strip()
    cleaned: dict[str, Any] = dict.fromkeys(SURVEY_ANSWERS)
    cleaned["equipment_in_use"] = ""
    cleaned.update(surveyed_on=day, note=note)
    if status == SurveyStatus.NOT_REACHABLE and not note:
        errors["note"] = _("Say how the establishment was tried (calls, visit…).")
    if status == SurveyStatus.DONE:
        use = values.get("equipment_in_use") or ""
        if use not in EquipmentUse.values:
            errors["equipment_in_use"] = _("Say whether the equipment is in use.")
        workers, women = values.get("workers"), values.get("women_workers")
        for key, value in (("workers", workers), ("women_workers", women)):
            if value is not None and (value < 0 or int(value) != value):
                errors[key] = _("Enter a whole number that is not negative.")
        if workers is None:
            errors["workers"] = _("Enter the number of workers.")
        elif women is not None and "women_workers" not in errors and women > workers:
            errors["women_workers"] = _("There cannot be more women workers than workers.")
        revenue = values.get("revenue_vnd")
        if revenue is not None and (revenue < 0 or int(revenue) != revenue):
            errors["revenue_vnd"] = _("Enter a whole number of đồng that is not negative.")
        change = values.get("cost_change_percent")
        if change is not None:
            change = Decimal(change)
            if not Decimal(-100) <= change <= Decimal(1000):
                errors["cost_change_percent"] = _("Enter a percentage between -100 and 1000.")
        cleaned.update(
            equipment_in_use=use,
            workers=workers,
            women_workers=women,
            revenue_vnd=revenue,
            cost_change_percent=change,
        )
    if errors:
        raise ValidationError(errors)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    claim_version(survey, expected_version)
    before = survey.status
    with saved_as_event(survey) as changes:
        for key, value in cleaned.items():
            setattr(survey, key, value)
        survey.status = status
        survey.recorded_by = by
        survey.recorded_at = timezone.now()
        survey.save()
    changes.pop("recorded_at", None)
    changes.pop("recorded_by", None)
    if before != status:
        event = "survey.recorded" if status == SurveyStatus.DONE else "survey.not_reachable"
    elif changes:
        event = "survey.corrected"
    else:
        return survey
    record_event(survey, event, note=note if status != SurveyStatus.DONE else "", data=changes)
    return survey
