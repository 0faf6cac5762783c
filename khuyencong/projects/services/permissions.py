"""Who may write what to a project, now: create, edit the record, set which amounts of the budget
and outputs, record money, upload documents."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import Action, Role, effective_role
from khuyencong.core.scope import in_scope
from khuyencong.projects.models import (
    EDITABLE_STATES,
    ENDED_STATES,
    MONEY_STATES,
    Project,
    Status,
)
from khuyencong.projects.workflow import EDITORS, MINISTRY

role_of = effective_role


def _in_scope(user: User, instance, action: str = Action.CHANGE) -> bool:
    return in_scope(user, instance, action)


def may_create(user: User) -> bool:
    return (
        user.is_authenticated
        and user.may(Action.CHANGE)
        and role_of(user) in EDITORS | {Role.ADMIN}
    )


def may_edit(user: User, project: Project) -> bool:
    """The record itself: everything while a draft, the amendable parts during an amendment."""
    return (
        may_create(user)
        and project.status in EDITABLE_STATES | {Status.AMENDMENT_REQUESTED}
        and _in_scope(user, project)
    )


def budget_column(user: User, project: Project) -> str | None:
    """Which amount of the budget the user may set now: proposed (draft), approved (during
    appraisal, by the approver) or revised (during an amendment); None: none."""
    role = role_of(user)
    if not user.is_authenticated or not _in_scope(user, project):
        return None
    if project.status in EDITABLE_STATES and role in EDITORS | {Role.ADMIN}:
        return "proposed_vnd"
    if project.status in (Status.SUBMITTED, Status.APPRAISED) and role in {
        Role.PROVINCIAL_MANAGER,
        Role.ADMIN,
    }:
        return "approved_vnd"
    if project.status == Status.SENT_TO_MINISTRY and role in MINISTRY | {Role.ADMIN}:
        return "approved_vnd"
    if project.status == Status.AMENDMENT_REQUESTED and role in EDITORS | {Role.ADMIN}:
        return "revised_vnd"
    return None


def output_columns(user: User, project: Project) -> set[str]:
    if not may_create(user) or not _in_scope(user, project):
        return set()
    if project.status in EDITABLE_STATES:
        return {"target", "actual"}
    if project.status in ACTUAL_STATES:
        return {"actual"}
    return set()


# States in which results are reported: during the work, at acceptance and later (jobs, revenue).
ACTUAL_STATES = frozenset(
    {
        Status.IN_PROGRESS,
        Status.AMENDMENT_REQUESTED,
        Status.SUSPENDED,
        Status.ACCEPTED,
        Status.SETTLED,
    }
)


def may_record_money(user: User, project: Project) -> bool:
    return may_create(user) and project.status in MONEY_STATES and _in_scope(user, project)


def may_upload(user: User, project: Project) -> bool:
    role = role_of(user)
    return (
        user.is_authenticated
        and user.may(Action.CHANGE)
        and role in EDITORS | MINISTRY | {Role.ADMIN}
        and project.status not in ENDED_STATES
        and _in_scope(user, project)
    )


def check_allowed(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this project now."))
