"""Every write to programmes and plans: creating them, proposing projects during registration,
keeping or leaving projects out, the life-cycle actions and the allocation tranches."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import Action, Role, effective_role
from khuyencong.core.concurrency import claim_version
from khuyencong.core.formatting import vnd
from khuyencong.core.scope import in_scope, restrict
from khuyencong.core.services import write
from khuyencong.core.workflow import TransitionRefused
from khuyencong.plans.models import (
    Allocation,
    AllocationLine,
    Plan,
    PlanItem,
    PlanStatus,
    PlanVersion,
    Programme,
    ProgrammeTarget,
)
from khuyencong.plans.workflow import OPEN_STATES, PLAN_WORKFLOW
from khuyencong.policy.models import Programme as ProgrammeKind
from khuyencong.projects.models import Project
from khuyencong.projects.models import Status as ProjectStatus

PROVINCE_PLANNERS = frozenset({Role.PROVINCIAL_MANAGER, Role.PROVINCIAL_OFFICER})


role_of = effective_role


def _in_scope(user: User, instance, action: str = Action.CHANGE) -> bool:
    return in_scope(user, instance, action)


def _check(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not change this plan now."))


# --- who may do what --------------------------------------------------------------------------


def may_create_plan(user: User) -> bool:
    return (
        user.is_authenticated
        and user.may(Action.CHANGE)
        and (role_of(user) in {Role.ADMIN, Role.PROVINCIAL_MANAGER})
    )


def may_manage(user: User, plan: Plan) -> bool:
    """Consolidate: keep or leave out proposals, set deadlines, allocate."""
    return may_create_plan(user) and _in_scope(user, plan)


def may_propose(user: User, plan: Plan) -> bool:
    """Put a draft project into the plan: during registration (before the deadline, or a
    manager at any time), or while an amendment is prepared (managers)."""
    if not (user.is_authenticated and user.may(Action.CHANGE) and _in_scope(user, plan)):
        return False
    role = role_of(user)
    if plan.status == PlanStatus.REGISTRATION:
        return role in PROVINCE_PLANNERS | {Role.ADMIN}
    return plan.status in OPEN_STATES and role in {Role.PROVINCIAL_MANAGER, Role.ADMIN}


def may_manage_programmes(user: User) -> bool:
    return user.is_authenticated and role_of(user) in {
        Role.ADMIN,
        Role.MINISTRY_OFFICER,
        Role.PROVINCIAL_MANAGER,
    }


# --- programmes -------------------------------------------------------------------------------


@write
def programme_create(
    *, by: User, targets: dict[Any, Decimal] | None = None, **values: Any
) -> Programme:
    _check(may_manage_programmes(by), _("You may not create programmes."))
    kind = values.get("kind")
    role = role_of(by)
    if kind == ProgrammeKind.NATIONAL and role not in {Role.ADMIN, Role.MINISTRY_OFFICER}:
        raise PermissionDenied(_("Only the ministry records the national programme."))
    own = values.get("province") is not None and values["province"].pk == by.province_id
    if kind == ProgrammeKind.LOCAL and role == Role.PROVINCIAL_MANAGER and not own:
        raise ValidationError({"province": _("Choose your own province.")})
    programme = Programme(**values)
    programme.full_clean()
    programme.save()
    _set_targets(programme, targets or {})
    return programme


def _set_targets(programme: Programme, targets: dict[Any, Decimal]) -> None:
    existing = {t.indicator_id: t for t in programme.targets.all()}
    for indicator, value in targets.items():
        if value is None:
            continue
        if value < 0:
            raise ValidationError({"targets": _("A target cannot be negative.")})
        target = existing.get(indicator.pk) or ProgrammeTarget(
            programme=programme, indicator=indicator
        )
        if target.pk is None or target.target != value:
            target.target = value
            target.save()


# --- plans ------------------------------------------------------------------------------------


def _default_title(kind: str, year: int, province) -> str:
    if kind == ProgrammeKind.NATIONAL:
        return _("Plan of national industrial-extension funds %(year)s — %(province)s") % {
            "year": year,
            "province": province.name,
        }
    return _("Local industrial-extension plan %(year)s — %(province)s") % {
        "year": year,
        "province": province.name,
    }


def _check_programme(programme: Programme, kind: str, year: int, province) -> None:
    if programme.kind != kind or not programme.start_year <= year <= programme.end_year:
        raise ValidationError({"programme": _("This programme does not cover that year and kind.")})
    if programme.province_id not in (None, getattr(province, "pk", None)):
        raise ValidationError({"programme": _("This is another province's programme.")})


@write
def plan_create(
    *,
    by: User,
    kind: str,
    year: int,
    province,
    programme: Programme | None = None,
    title: str = "",
    registration_deadline: datetime.date | None = None,
    mid_year_report_due: datetime.date | None = None,
    year_end_report_due: datetime.date | None = None,
    note: str = "",
) -> Plan:
    """Open a plan for registration. One plan per province, year and programme kind."""
    _check(may_create_plan(by), _("You may not create plans."))
    errors: dict[str, str] = {}
    if kind not in ProgrammeKind.values:
        errors["kind"] = _("Choose the programme.")
    this_year = timezone.localdate().year
    if year is None or not 2000 <= year <= this_year + 5:
        errors["year"] = _("Enter a year between %(a)d and %(b)d.") % {
            "a": 2000,
            "b": this_year + 5,
        }
    if province is None or province.valid_to is not None:
        errors["province"] = _("Choose a province in force today (after 1 July 2025).")
    elif role_of(by) != Role.ADMIN and province.pk != by.province_id:
        errors["province"] = _("You may only create plans of your own province.")
    if programme is not None and year is not None:
        try:
            _check_programme(programme, kind, year, province)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if not errors and Plan.objects.filter(province=province, year=year, kind=kind).exists():
        errors["year"] = _("%(province)s already has this plan for %(year)d.") % {
            "province": province.name,
            "year": year,
        }
    if errors:
        raise ValidationError(errors)
    if year is not None:
        due = settings.KC_REPORT_DUE_DATES
        mid_year_report_due = mid_year_report_due or datetime.date(year, *due["half"])
        year_end_report_due = year_end_report_due or datetime.date(year, *due["year"])
    plan = Plan(
        kind=kind,
        year=year,
        province=province,
        programme=programme,
        title=" ".join((title or "").split()) or _default_title(kind, year, province),
        registration_deadline=registration_deadline,
        mid_year_report_due=mid_year_report_due,
        year_end_report_due=year_end_report_due,
        note=note or "",
    )
    plan.full_clean()
    plan.save()
    return plan


@write
def plan_update(*, plan: Plan, by: User, expected_version: int, **values: Any) -> Plan:
    """Title, deadlines and note; never what an approval fixed."""
    _check(may_manage(by, plan))
    allowed = {
        "title",
        "registration_deadline",
        "mid_year_report_due",
        "year_end_report_due",
        "note",
        "programme",
    }
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    programme = values.get("programme", plan.programme)
    if programme is not None and programme.pk != plan.programme_id:
        _check_programme(programme, plan.kind, plan.year, plan.province)
    claim_version(plan, expected_version)
    for key, value in values.items():
        setattr(plan, key, value)
    plan.title = " ".join((plan.title or "").split())
    plan.full_clean()
    plan.save()
    return plan


def _check_open(plan: Plan) -> None:
    if plan.status not in OPEN_STATES:
        raise ValidationError(
            _(
                "The plan is “%(status)s”: its projects change only through an amendment. "
                "Prepare an amendment first."
            )
            % {"status": plan.get_status_display()}
        )


@write
def plan_propose(*, plan: Plan, project: Project, by: User) -> PlanItem:
    """Put a project into the plan (a proposal during registration; an addition while an
    amendment is prepared)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_open(plan)
    _check(may_propose(by, plan))
    errors = []
    if project.province_id != plan.province_id:
        errors.append(_("The project belongs to another province."))
    if project.programme != plan.kind:
        errors.append(_("The project is not of this plan's programme."))
    if project.year != plan.year:
        errors.append(
            _("The project is for %(year)d, the plan for %(plan_year)d.")
            % {"year": project.year, "plan_year": plan.year}
        )
    if project.status in {ProjectStatus.CANCELLED, ProjectStatus.REJECTED}:
        errors.append(_("A cancelled or rejected project cannot be planned."))
    deadline = plan.registration_deadline
    if (
        plan.status == PlanStatus.REGISTRATION
        and deadline is not None
        and timezone.localdate() > deadline
        and role_of(by) not in {Role.PROVINCIAL_MANAGER, Role.ADMIN}
    ):
        errors.append(
            _("Registration closed on %(day)s; ask the department to add the project.")
            % {"day": deadline.strftime("%d/%m/%Y")}
        )
    other = (
        PlanItem.objects.filter(project=project, year=plan.year)
        .exclude(plan=plan)
        .select_related("plan")
        .first()
    )
    if other is not None:
        errors.append(
            _("This project is already in another plan of %(year)d: %(plan)s.")
            % {"year": plan.year, "plan": other.plan.title}
        )
    if errors:
        raise ValidationError({"project": errors})
    item, created = PlanItem.objects.get_or_create(
        plan=plan,
        project=project,
        defaults={"year": plan.year, "proposed_by": by.organisation},
    )
    if not created and not item.is_selected:
        item.is_selected = True
        item.save()
    return item


@write
def put_in_plan(*, plan: Plan, project: Project, by: User, selected: bool = True) -> PlanItem:
    """Put `project` into `plan` (a proposal), and leave it out when `selected` is False."""
    item = plan_propose(plan=plan, project=project, by=by)
    if not selected:
        item = plan_select(item=item, by=by, selected=False)
    return item


@write
def plan_select(*, item: PlanItem, by: User, selected: bool) -> PlanItem:
    """Keep a proposal in the plan, or leave it out (kept for the record)."""
    plan = Plan.objects.select_for_update().get(pk=item.plan_id)
    _check_open(plan)
    _check(may_manage(by, plan))
    if item.is_selected != selected:
        item.is_selected = selected
        item.save()
    return item


@write
def plan_transition(
    *, plan: Plan, by: User, name: str, expected_version: int | None = None, data=None
) -> Plan:
    transition = PLAN_WORKFLOW.get(name)
    reasons = PLAN_WORKFLOW.reasons(plan, by, transition)
    if reasons:
        raise TransitionRefused(reasons)
    return PLAN_WORKFLOW.perform(
        plan, user=by, name=name, data=dict(data or {}), expected_version=expected_version
    )


# --- allocation -------------------------------------------------------------------------------


def approved_amounts(plan: Plan) -> dict[tuple[int, str], int]:
    """(project id, funding-source code) -> the amount the latest version approved."""
    version = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    if version is None:
        return {}
    return {
        (row["project"], code): amount
        for row in version.data["items"]
        for code, amount in row["amounts"].items()
    }


@write
def allocation_create(
    *,
    plan: Plan,
    by: User,
    decision_number: str,
    decision_date: datetime.date,
    lines: list[tuple[Project, Any, int]],
    note: str = "",
) -> Allocation:
    """A tranche: (project, funding source, amount) lines. What is allocated to a project from a
    source, over all tranches, never exceeds what the plan approved for it."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check(may_manage(by, plan))
    errors: dict[str, list[str]] = {}
    if plan.status not in {PlanStatus.APPROVED, PlanStatus.AMENDING}:
        raise ValidationError(_("Only an approved plan's money can be allocated."))
    decision_number = " ".join((decision_number or "").split())
    if not decision_number:
        errors.setdefault("decision_number", []).append(_("Enter the decision number."))
    if decision_date is None:
        errors.setdefault("decision_date", []).append(_("Enter the decision date."))
    elif decision_date > timezone.localdate():
        errors.setdefault("decision_date", []).append(
            _("The decision date cannot be in the future.")
        )
    elif plan.decision_date and decision_date < plan.decision_date:
        errors.setdefault("decision_date", []).append(
            _("A tranche cannot be dated before the plan's approval.")
        )
    approved = approved_amounts(plan)
    already = {
        (row["project"], row["source__code"]): row["total"]
        for row in AllocationLine.objects.filter(allocation__plan=plan)
        .values("project", "source__code")
        .annotate(total=Sum("amount_vnd"))
    }
    seen = set()
    for project, source, amount in lines:
        key = (project.pk, source.code)
        label = f"{project.code} · {source.name}"
        if key in seen:
            errors.setdefault("lines", []).append(_("%(line)s is listed twice.") % {"line": label})
        seen.add(key)
        if amount is None or amount <= 0 or int(amount) != amount:
            errors.setdefault("lines", []).append(
                _("%(line)s: enter a whole number of đồng above zero.") % {"line": label}
            )
            continue
        if key not in approved:
            errors.setdefault("lines", []).append(
                _("%(line)s: the plan approved no money for it.") % {"line": label}
            )
            continue
        total = already.get(key, 0) + amount
        if total > approved[key]:
            errors.setdefault("lines", []).append(
                _(
                    "%(line)s: %(total)s would be allocated in all, above the %(approved)s "
                    "the plan approved."
                )
                % {"line": label, "total": vnd(total), "approved": vnd(approved[key])}
            )
    if not lines:
        errors.setdefault("lines", []).append(_("Allocate money to at least one project."))
    if errors:
        raise ValidationError(errors)
    number = (plan.allocations.aggregate(n=Max("number"))["n"] or 0) + 1
    allocation = Allocation.objects.create(
        plan=plan,
        number=number,
        decision_number=decision_number,
        decision_date=decision_date,
        note=(note or "").strip(),
    )
    for project, source, amount in lines:
        AllocationLine.objects.create(
            allocation=allocation, project=project, source=source, amount_vnd=amount
        )
    return allocation


def proposable_projects(plan: Plan, user: User):
    """Draft projects of the plan's province, programme and year not yet in a plan that year."""
    rows = restrict(Project.objects.all(), user).filter(
        province=plan.province, programme=plan.kind, year=plan.year
    )
    rows = rows.exclude(plan_items__year=plan.year)
    return rows.exclude(status__in=[ProjectStatus.CANCELLED, ProjectStatus.REJECTED]).order_by(
        "code"
    )
