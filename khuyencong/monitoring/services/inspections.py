"""Writes of inspection plans and inspections: the visit and its checklist answers, findings,
photos and follow-up actions. Each is one transaction attributed to the `by` user."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import Role
from khuyencong.core.concurrency import claim_version
from khuyencong.core.history import record_event, saved_as_event
from khuyencong.core.services import write
from khuyencong.core.workflow import TransitionRefused
from khuyencong.monitoring.models import (
    Answer,
    ChecklistItem,
    Finding,
    FollowUp,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    InspectionPlan,
    InspectionStatus,
    Severity,
)
from khuyencong.monitoring.services.access import (
    _check,
    _day,
    _in_scope,
    _text,
    clean_gps,
    has_received_support,
    may_add_to,
    may_create_inspection,
    may_edit_follow_up,
    may_edit_plan,
    may_plan,
    may_record,
    role_of,
    subject_within_reach,
    supporting_projects,
)
from khuyencong.monitoring.workflow import FOLLOW_UP_WORKFLOW
from khuyencong.projects.models import Project, Status
from khuyencong.registry.models import Establishment

# --- inspection plans ----------------------------------------------------------------------------


def _clean_plan(values: dict[str, Any], *, user: User) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned = dict(values)
    cleaned["title"] = _text(values.get("title"))
    if not cleaned["title"]:
        errors["title"] = _("Enter the title.")
    elif len(cleaned["title"]) > 300:
        errors["title"] = _("At most %(n)d characters.") % {"n": 300}
    year = cleaned.get("year")
    this_year = timezone.localdate().year
    if year is None or not 2000 <= year <= this_year + 2:
        errors["year"] = _("Enter a year between %(a)d and %(b)d.") % {
            "a": 2000,
            "b": this_year + 2,
        }
    province = cleaned.get("province")
    if province is None:
        errors["province"] = _("Choose the province.")
    elif role_of(user) != Role.ADMIN and province.pk != user.province_id:
        errors["province"] = _("You may only plan inspections in your own province.")
    cleaned["decision_number"] = _text(values.get("decision_number"))[:60]
    decision_date = cleaned.get("decision_date")
    if decision_date is not None and decision_date > timezone.localdate():
        errors["decision_date"] = _("The decision date cannot be in the future.")
    cleaned["note"] = str(values.get("note") or "").strip()
    if errors:
        raise ValidationError(errors)
    return cleaned


PLAN_FIELDS = ("province", "year", "title", "decision_number", "decision_date", "note")


def _save_plan(plan: InspectionPlan, cleaned: dict[str, Any]) -> InspectionPlan:
    for key in PLAN_FIELDS:
        if key in cleaned:
            setattr(plan, key, cleaned[key])
    clash = InspectionPlan.objects.filter(province=plan.province, year=plan.year).exclude(
        pk=plan.pk
    )
    if clash.exists():
        raise ValidationError({"year": _("This province already has a plan for this year.")})
    plan.save()
    return plan


@write
def plan_create(*, by: User, **values: Any) -> InspectionPlan:
    _check(may_plan(by))
    cleaned = _clean_plan(values, user=by)
    return _save_plan(InspectionPlan(), cleaned)


@write
def plan_update(
    *, plan: InspectionPlan, by: User, expected_version: int, **values: Any
) -> InspectionPlan:
    _check(may_edit_plan(by, plan))
    values = {**{k: getattr(plan, k) for k in PLAN_FIELDS}, **values}
    cleaned = _clean_plan(values, user=by)
    if cleaned["province"].pk != plan.province_id:
        raise ValidationError({"province": _("A plan cannot move to another province.")})
    if cleaned["year"] != plan.year and plan.inspections.exists():
        raise ValidationError(
            {"year": _("The plan has inspections: its year can no longer change.")}
        )
    claim_version(plan, expected_version)
    return _save_plan(plan, cleaned)


# --- inspections ---------------------------------------------------------------------------------

INSPECTION_FIELDS = (
    "plan",
    "project",
    "establishment",
    "team_members",
    "team_users",
    "planned_date",
    "note",
)


def _clean_inspection(
    values: dict[str, Any], *, user: User, inspection: Inspection | None
) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    cleaned = dict(values)
    project: Project | None = values.get("project")
    establishment: Establishment | None = values.get("establishment")
    plan: InspectionPlan | None = values.get("plan")
    if project is None and establishment is None:
        errors["project"] = _("Choose the project or the establishment inspected.")
    if project is not None and (project.approved_on is None or project.status == Status.CANCELLED):
        errors["project"] = _("Only approved projects that are not cancelled can be inspected.")
    if establishment is not None:
        if project is not None:
            if not project.establishments.filter(pk=establishment.pk).exists():
                errors["establishment"] = _("%(name)s is not a beneficiary of this project.") % {
                    "name": establishment.name
                }
        elif not has_received_support(establishment):
            errors["establishment"] = _(
                "%(name)s has received no support (no approved project names it): only "
                "establishments that received support are inspected."
            ) % {"name": establishment.name}
    subject = project or establishment
    province_id = subject.province_id if subject is not None else None
    if plan is not None and province_id is not None and plan.province_id != province_id:
        errors["plan"] = _("The plan is of another province than the subject.")
    if not errors and not subject_within_reach(user, project=project, establishment=establishment):
        field = "establishment" if project is None else "project"
        errors[field] = _("This subject is outside your area of work.")
    day = values.get("planned_date")
    if day is None:
        errors["planned_date"] = _("Enter the planned date.")
    elif plan is not None and day.year != plan.year:
        errors["planned_date"] = _("The planned date must fall in the plan's year (%(year)d).") % {
            "year": plan.year
        }
    if plan is not None and not _in_scope(user, plan):
        errors["plan"] = _("This plan is outside your area of work.")
    if (
        plan is not None
        and role_of(user) == Role.COLLABORATOR
        and (inspection is None or inspection.plan_id != plan.pk)
    ):
        errors["plan"] = _("Only provincial officers put inspections into the yearly plan.")
    cleaned["team_members"] = str(values.get("team_members") or "").strip()
    team_users = list(values.get("team_users") or [])
    cleaned["team_users"] = team_users
    if not cleaned["team_members"] and not team_users:
        errors["team_members"] = _("Name at least one member of the team.")
    outside = [
        u.get_full_name() or u.username
        for u in team_users
        if province_id is not None and u.province_id not in (None, province_id)
    ]
    if outside:
        errors["team_users"] = _("Not of the subject's province: %(names)s.") % {
            "names": ", ".join(outside)
        }
    cleaned["note"] = str(values.get("note") or "").strip()
    if errors:
        raise ValidationError(errors)
    cleaned["province"] = subject.province
    return cleaned


def _apply_inspection(inspection: Inspection, cleaned: dict[str, Any]) -> Inspection:
    team_users = cleaned.pop("team_users", None)
    for key, value in cleaned.items():
        setattr(inspection, key, value)
    inspection.save()
    if team_users is not None:
        inspection.team_users.set(team_users)
    return inspection


@write
def inspection_create(*, by: User, **values: Any) -> Inspection:
    _check(may_create_inspection(by))
    unknown = set(values) - set(INSPECTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    cleaned = _clean_inspection(values, user=by, inspection=None)
    return _apply_inspection(Inspection(), cleaned)


@write
def inspection_update(
    *, inspection: Inspection, by: User, expected_version: int, **values: Any
) -> Inspection:
    _check(may_record(by, inspection))
    unknown = set(values) - set(INSPECTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    current = {k: getattr(inspection, k) for k in INSPECTION_FIELDS if k != "team_users"}
    current["team_users"] = list(inspection.team_users.all())
    values = {**current, **values}
    if inspection.status == InspectionStatus.DONE and (
        values["project"] != inspection.project
        or values["establishment"] != inspection.establishment
    ):
        raise ValidationError({"project": _("The subject of a recorded inspection cannot change.")})
    cleaned = _clean_inspection(values, user=by, inspection=inspection)
    claim_version(inspection, expected_version)
    return _apply_inspection(inspection, cleaned)


def checklist_contents(inspection: Inspection) -> set[int]:
    """The activity contents whose checklist applies: the project's, or those of the projects
    that supported the establishment."""
    if inspection.project_id is not None:
        return {inspection.project.activity_content_id}
    if inspection.establishment_id is not None:
        return set(
            supporting_projects(inspection.establishment).values_list(
                "activity_content_id", flat=True
            )
        )
    return set()


def checklist_for(inspection: Inspection) -> list[ChecklistItem]:
    """The active questions for the inspection's activity contents (and those for all)."""
    contents = checklist_contents(inspection)
    items = ChecklistItem.objects.filter(is_active=True).filter(
        Q(activity_contents__isnull=True) | Q(activity_contents__in=contents)
    )
    return list(items.distinct().order_by("order", "pk"))


def _clean_answers(
    inspection: Inspection, answers: Iterable[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The answers keyed by item: to the questions frozen with earlier answers, or else to the
    questions that apply now. Every question needs yes / no / not applicable. (An answer whose
    question an administrator has since deleted is kept as it is.)"""
    recorded = list(inspection.answers.order_by("order", "pk"))
    existing = {a.item_id: a for a in recorded if a.item_id is not None}
    if recorded:
        questions = [(a.item_id, a.item_text, a.order) for a in recorded if a.item_id is not None]
    else:
        questions = [(i.pk, i.text, i.order) for i in checklist_for(inspection)]
    given = {}
    for row in answers:
        item = row.get("item")
        item_id = getattr(item, "pk", item)
        given[item_id] = row
    errors = []
    rows = []
    known = {q[0] for q in questions}
    for item_id in given:
        if item_id not in known:
            errors.append(
                _("Question #%(id)s is not on this inspection's checklist.") % {"id": item_id}
            )
    for item_id, text, order in questions:
        row = given.get(item_id) or {}
        answer = row.get("answer") or ""
        if answer not in Answer.values:
            errors.append(
                _("Answer “%(question)s”: yes, no or not applicable.") % {"question": text}
            )
            continue
        comment = _text(row.get("comment"))[:500]
        rows.append(
            {
                "item_id": item_id,
                "text": text,
                "order": order,
                "answer": answer,
                "comment": comment,
                "existing": existing.get(item_id),
            }
        )
    return rows, errors


@write
def inspection_record(
    *,
    inspection: Inspection,
    by: User,
    expected_version: int,
    actual_date: datetime.date | None,
    answers: Iterable[dict[str, Any]] = (),
    summary: str = "",
    latitude: Any = None,
    longitude: Any = None,
) -> Inspection:
    """Record the visit (planned → done), or correct a recorded one: the date, the checklist
    answers (each question frozen with its text), the conclusion and the GPS point."""
    _check(may_record(by, inspection))
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    errors: dict[str, Any] = {}
    if actual_date is None:
        errors["actual_date"] = _("Enter the date of the visit.")
    elif actual_date > timezone.localdate():
        errors["actual_date"] = _("The date of the visit cannot be in the future.")
    else:
        early = inspection.follow_ups.filter(deadline__lt=actual_date).order_by("deadline").first()
        if early is not None:
            errors["actual_date"] = _(
                "A follow-up of this inspection is due on %(day)s, before this date."
            ) % {"day": _day(early.deadline)}
    try:
        latitude, longitude = clean_gps(latitude, longitude)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    rows, answer_errors = _clean_answers(inspection, answers)
    if answer_errors:
        errors["answers"] = answer_errors
    if errors:
        raise ValidationError(errors)
    claim_version(inspection, expected_version)
    first_time = inspection.status == InspectionStatus.PLANNED
    with saved_as_event(inspection) as changes:
        inspection.actual_date = actual_date
        inspection.summary = str(summary or "").strip()
        inspection.latitude = latitude
        inspection.longitude = longitude
        inspection.status = InspectionStatus.DONE
        inspection.save()
    if first_time:
        record_event(
            inspection,
            "inspection.recorded",
            data={**changes, "answers": len(rows)},
        )
    elif changes:
        record_event(inspection, "inspection.corrected", data=changes)
    for row in rows:
        answer = row["existing"] or InspectionAnswer(
            inspection=inspection, item_id=row["item_id"], item_text=row["text"], order=row["order"]
        )
        if answer.pk is None or (answer.answer, answer.comment) != (row["answer"], row["comment"]):
            answer.answer = row["answer"]
            answer.comment = row["comment"]
            answer.save()
    return inspection


@write
def inspection_cancel(
    *, inspection: Inspection, by: User, expected_version: int, reason: str
) -> Inspection:
    _check(may_record(by, inspection) and inspection.status == InspectionStatus.PLANNED)
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the inspection is cancelled.")})
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    claim_version(inspection, expected_version)
    with saved_as_event(inspection) as changes:
        inspection.status = InspectionStatus.CANCELLED
        inspection.cancel_reason = reason
        inspection.save()
    record_event(inspection, "inspection.cancelled", note=reason, data=changes)
    return inspection


# --- findings, photos, follow-ups ----------------------------------------------------------------


def _clean_finding(severity: str, text: str) -> dict[str, Any]:
    errors = {}
    if severity not in Severity.values:
        errors["severity"] = _("Choose the severity: low, medium or high.")
    text = str(text or "").strip()
    if not text:
        errors["text"] = _("Describe the finding.")
    if errors:
        raise ValidationError(errors)
    return {"severity": severity, "text": text}


@write
def finding_add(*, inspection: Inspection, by: User, severity: str, text: str) -> Finding:
    _check(may_add_to(by, inspection), _("Record the visit before adding findings."))
    finding = Finding(inspection=inspection, **_clean_finding(severity, text))
    finding.save()
    return finding


@write
def finding_update(
    *, finding: Finding, by: User, expected_version: int, severity: str, text: str
) -> Finding:
    _check(may_add_to(by, finding.inspection))
    values = _clean_finding(severity, text)
    claim_version(finding, expected_version)
    finding.severity = values["severity"]
    finding.text = values["text"]
    finding.save()
    return finding


@write
def photo_add(*, inspection: Inspection, by: User, upload, caption: str = "") -> InspectionPhoto:
    _check(may_add_to(by, inspection), _("Record the visit before adding photos."))
    photo = InspectionPhoto(inspection=inspection, caption=_text(caption)[:255])
    try:
        photo.fill_from_upload(upload, by=by)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc
    photo.save()
    return photo


FOLLOW_UP_FIELDS = ("action", "deadline", "owner_user", "owner_name", "finding")


def _clean_follow_up(
    values: dict[str, Any], *, inspection: Inspection, user: User
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned = {
        "action": str(values.get("action") or "").strip(),
        "owner_user": values.get("owner_user"),
        "owner_name": _text(values.get("owner_name"))[:255],
        "deadline": values.get("deadline"),
        "finding": values.get("finding"),
    }
    if not cleaned["action"]:
        errors["action"] = _("Describe the action required.")
    if cleaned["owner_user"] is None and not cleaned["owner_name"]:
        errors["owner_name"] = _("Name the owner: a user or an organisation.")
    owner = cleaned["owner_user"]
    if owner is not None and (
        not owner.is_active
        or owner.province_id not in (None, inspection.province_id)
        or role_of(owner) == Role.ESTABLISHMENT
    ):
        errors["owner_user"] = _("Choose a user who works in the inspection's province.")
    deadline = cleaned["deadline"]
    inspected = inspection.date
    if deadline is None:
        errors["deadline"] = _("Enter the deadline.")
    elif inspected is not None and deadline < inspected:
        errors["deadline"] = _("The deadline cannot be before the inspection (%(day)s).") % {
            "day": _day(inspected)
        }
    finding = cleaned["finding"]
    if finding is not None and finding.inspection_id != inspection.pk:
        errors["finding"] = _("This finding is of another inspection.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@write
def follow_up_add(*, inspection: Inspection, by: User, **values: Any) -> FollowUp:
    _check(may_add_to(by, inspection), _("Record the visit before adding follow-up actions."))
    unknown = set(values) - set(FOLLOW_UP_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    cleaned = _clean_follow_up(values, inspection=inspection, user=by)
    follow_up = FollowUp(inspection=inspection, **cleaned)
    follow_up.save()
    return follow_up


@write
def follow_up_update(
    *, follow_up: FollowUp, by: User, expected_version: int, **values: Any
) -> FollowUp:
    _check(may_edit_follow_up(by, follow_up))
    unknown = set(values) - set(FOLLOW_UP_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values = {**{k: getattr(follow_up, k) for k in FOLLOW_UP_FIELDS}, **values}
    cleaned = _clean_follow_up(values, inspection=follow_up.inspection, user=by)
    claim_version(follow_up, expected_version)
    for key, value in cleaned.items():
        setattr(follow_up, key, value)
    follow_up.save()
    return follow_up


def follow_up_transition(
    *,
    follow_up: FollowUp,
    by: User,
    name: str,
    expected_version: int | None = None,
    data: dict[str, Any] | None = None,
) -> FollowUp:
    """Mark done, close (with the closing note and date) or reopen, all or nothing."""
    transition = FOLLOW_UP_WORKFLOW.get(name)
    reasons = FOLLOW_UP_WORKFLOW.reasons(follow_up, by, transition)
    if reasons:
        raise TransitionRefused(reasons)
    return FOLLOW_UP_WORKFLOW.perform(
        follow_up, user=by, name=name, data=data, expected_version=expected_version
    )
