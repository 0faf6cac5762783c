"""The life cycle of a project, declared on the shared workflow mechanism (`core.workflow`).

draft → submitted → appraised → approved (local: by the province; national: sent to the ministry
and approved there) → in progress → accepted → settled → closed; side paths: returned for
revision, rejected, amendment requested / approved / refused, suspended / resumed, cancelled,
carried over to the next year. Guards say what is still missing; effects write the decision's
data in the same transaction as the move.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.roles import Action, Role
from khuyencong.core.workflow import Transition, Workflow
from khuyencong.projects import money, support, versions
from khuyencong.projects.models import DocumentKind, Project, Status

S = Status
EDITORS = frozenset({Role.PROVINCIAL_OFFICER, Role.PROVINCIAL_MANAGER})
MANAGERS = frozenset({Role.PROVINCIAL_MANAGER})
MINISTRY = frozenset({Role.MINISTRY_OFFICER})
DECISION = ("decision_number", "decision_date")

# The documents each action needs (uploaded before, or attached to the action itself).
REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "submit": (DocumentKind.PROPOSAL,),
    "start": (DocumentKind.CONTRACT,),
    "accept": (DocumentKind.ACCEPTANCE_RECORD,),
    "settle": (DocumentKind.SETTLEMENT_REPORT,),
}
# The kind an attachment to an action is filed under.
ATTACHMENT_KIND: dict[str, str] = {
    "submit": DocumentKind.PROPOSAL,
    "appraise": DocumentKind.APPRAISAL_MINUTES,
    "approve": DocumentKind.APPROVAL_DECISION,
    "approve_national": DocumentKind.APPROVAL_DECISION,
    "start": DocumentKind.CONTRACT,
    "approve_amendment": DocumentKind.AMENDMENT_DECISION,
    "approve_amendment_national": DocumentKind.AMENDMENT_DECISION,
    "accept": DocumentKind.ACCEPTANCE_RECORD,
    "settle": DocumentKind.SETTLEMENT_REPORT,
}


def _national(project: Project) -> bool:
    return project.is_national


def _local(project: Project) -> bool:
    return not project.is_national


# Guards: each returns why the move is not possible yet, or None.


def _has_money(project: Project):
    if money.state_support_vnd(project, stage="current") <= 0:
        return gettext_lazy("Enter the proposed state support in the budget.")
    return None


def _has_schedule(project: Project):
    if project.planned_start is None or project.planned_end is None:
        return gettext_lazy("Enter the planned start and end.")
    return None


def _has_outputs(project: Project):
    if not project.outputs.exists():
        return gettext_lazy("Enter at least one planned output.")
    return None


def _has_actual_outputs(project: Project):
    outputs = list(project.outputs.all())
    if not outputs or any(o.actual is None for o in outputs):
        return gettext_lazy("Enter the actual result of every planned output.")
    return None


def _disbursed_within_approved(project: Project):
    over = [row for row in money.money_rows(project) if row.disbursed_vnd > row.current_vnd]
    if over:
        return _("More was disbursed than approved from: %(sources)s.") % {
            "sources": ", ".join(str(row.source) for row in over)
        }
    return None


# Effects: applied to the locked project inside the transition's transaction.


def _set_appraisal(project: Project, data: dict[str, Any], user) -> None:
    project.appraisal_result = data["appraisal_result"]
    project.appraisal_opinion = data.get("appraisal_opinion") or ""


def _approve(project: Project, data: dict[str, Any], user) -> None:
    """Fix the legal basis of the approval date, check the support cap, freeze version 1."""
    day = data["decision_date"]
    support.check_legal_basis(project, day)
    project.approval_number = data["decision_number"]
    project.approved_on = day
    money.approve_proposed_amounts(project)
    support.check_cap(project, justification=data.get("cap_justification") or "", user=user)
    versions.save_version(project, decision_number=data["decision_number"], decision_date=day)


def _start(project: Project, data: dict[str, Any], user) -> None:
    if data["actual_start"] < project.approved_on:
        raise ValidationError({"actual_start": _("The project cannot start before its approval.")})
    project.contract_number = data["decision_number"]
    project.contract_date = data["decision_date"]
    project.actual_start = data["actual_start"]


def _hold(project: Project, data: dict[str, Any], user) -> None:
    project.resume_status = _before(project, data)


def _before(project: Project, data: dict[str, Any]) -> str:
    return data["_from"]


def _resume(project: Project, data: dict[str, Any], user) -> None:
    project.resume_status = ""


def _approve_amendment(project: Project, data: dict[str, Any], user) -> None:
    support.check_cap(project, justification=data.get("cap_justification") or "", user=user)
    versions.save_version(
        project,
        decision_number=data["decision_number"],
        decision_date=data["decision_date"],
        reason=data.get("note") or "",
    )
    project.resume_status = ""


def _refuse_amendment(project: Project, data: dict[str, Any], user) -> None:
    versions.restore_latest(project)
    project.resume_status = ""


def _carry_over(project: Project, data: dict[str, Any], user) -> None:
    if project.carried_over_from is None:
        project.carried_over_from = project.year
    project.year += 1


def _accept(project: Project, data: dict[str, Any], user) -> None:
    if project.actual_start and data["decision_date"] < project.actual_start:
        raise ValidationError(
            {"decision_date": _("The acceptance cannot be dated before the project started.")}
        )
    project.acceptance_number = data["decision_number"]
    project.acceptance_date = data["decision_date"]


def _settle(project: Project, data: dict[str, Any], user) -> None:
    money.settle(project, data.get("settled") or {})
    project.settlement_number = data["decision_number"]
    project.settlement_date = data["decision_date"]


def _close(project: Project, data: dict[str, Any], user) -> None:
    project.closed_on = data.get("decision_date") or project.settlement_date


PROJECT_WORKFLOW = Workflow(
    states=Status,
    resume_field="resume_status",
    transitions=[
        Transition(
            name="submit",
            label=gettext_lazy("Submit to the department"),
            sources=frozenset({S.DRAFT, S.RETURNED}),
            target=S.SUBMITTED,
            event="project.submitted",
            roles=EDITORS,
            guards=(_has_schedule, _has_money, _has_outputs),
            icon="send",
        ),
        Transition(
            name="return",
            label=gettext_lazy("Return for revision"),
            sources=frozenset({S.SUBMITTED, S.APPRAISED}),
            target=S.RETURNED,
            event="project.returned",
            roles=MANAGERS,
            asks=("note",),
            requires=("note",),
            style="warning",
            icon="arrow-counterclockwise",
        ),
        Transition(
            name="appraise",
            label=gettext_lazy("Record the appraisal"),
            sources=frozenset({S.SUBMITTED}),
            target=S.APPRAISED,
            event="project.appraised",
            roles=MANAGERS,
            asks=(*DECISION, "appraisal_result", "appraisal_opinion", "note"),
            requires=("decision_date", "appraisal_result", "appraisal_opinion"),
            effect=_set_appraisal,
            icon="clipboard-check",
        ),
        Transition(
            name="approve",
            label=gettext_lazy("Approve"),
            sources=frozenset({S.APPRAISED}),
            target=S.APPROVED,
            event="project.approved",
            roles=MANAGERS,
            applies=_local,
            asks=(*DECISION, "cap_justification", "note"),
            requires=DECISION,
            effect=_approve,
            icon="check2-circle",
            scope_action=Action.APPROVE,
        ),
        Transition(
            name="send_to_ministry",
            label=gettext_lazy("Send to the ministry for approval"),
            sources=frozenset({S.APPRAISED}),
            target=S.SENT_TO_MINISTRY,
            event="project.sent_to_ministry",
            roles=MANAGERS,
            applies=_national,
            asks=(*DECISION, "note"),
            icon="send-check",
        ),
        Transition(
            name="approve_national",
            label=gettext_lazy("Approve (ministry)"),
            sources=frozenset({S.SENT_TO_MINISTRY}),
            target=S.APPROVED,
            event="project.approved",
            roles=MINISTRY,
            applies=_national,
            asks=(*DECISION, "cap_justification", "note"),
            requires=DECISION,
            effect=_approve,
            icon="check2-circle",
            scope_action=Action.APPROVE,
        ),
        Transition(
            name="return_national",
            label=gettext_lazy("Return to the province for revision"),
            sources=frozenset({S.SENT_TO_MINISTRY}),
            target=S.RETURNED,
            event="project.returned",
            roles=MINISTRY,
            applies=_national,
            asks=("note",),
            requires=("note",),
            style="warning",
            icon="arrow-counterclockwise",
        ),
        Transition(
            name="reject",
            label=gettext_lazy("Reject"),
            sources=frozenset({S.SUBMITTED, S.APPRAISED}),
            target=S.REJECTED,
            event="project.rejected",
            roles=MANAGERS,
            asks=(*DECISION, "note"),
            requires=("note",),
            style="danger",
            icon="x-circle",
        ),
        Transition(
            name="reject_national",
            label=gettext_lazy("Reject (ministry)"),
            sources=frozenset({S.SENT_TO_MINISTRY}),
            target=S.REJECTED,
            event="project.rejected",
            roles=MINISTRY,
            applies=_national,
            asks=(*DECISION, "note"),
            requires=("note",),
            style="danger",
            icon="x-circle",
        ),
        Transition(
            name="start",
            label=gettext_lazy("Start (contract signed)"),
            sources=frozenset({S.APPROVED}),
            target=S.IN_PROGRESS,
            event="project.started",
            roles=EDITORS,
            asks=(*DECISION, "actual_start", "note"),
            requires=(*DECISION, "actual_start"),
            effect=_start,
            icon="play-circle",
        ),
        Transition(
            name="request_amendment",
            label=gettext_lazy("Request an amendment"),
            sources=frozenset({S.APPROVED, S.IN_PROGRESS}),
            target=S.AMENDMENT_REQUESTED,
            event="project.amendment_requested",
            roles=EDITORS,
            asks=("note",),
            requires=("note",),
            effect=_hold,
            style="secondary",
            icon="pencil-square",
        ),
        Transition(
            name="approve_amendment",
            label=gettext_lazy("Approve the amendment"),
            sources=frozenset({S.AMENDMENT_REQUESTED}),
            target=None,
            event="project.amendment_approved",
            roles=MANAGERS,
            applies=_local,
            asks=(*DECISION, "cap_justification", "note"),
            requires=DECISION,
            effect=_approve_amendment,
            icon="check2-square",
            scope_action=Action.APPROVE,
        ),
        Transition(
            name="approve_amendment_national",
            label=gettext_lazy("Approve the amendment (ministry)"),
            sources=frozenset({S.AMENDMENT_REQUESTED}),
            target=None,
            event="project.amendment_approved",
            roles=MINISTRY,
            applies=_national,
            asks=(*DECISION, "cap_justification", "note"),
            requires=DECISION,
            effect=_approve_amendment,
            icon="check2-square",
            scope_action=Action.APPROVE,
        ),
        Transition(
            name="refuse_amendment",
            label=gettext_lazy("Refuse the amendment"),
            sources=frozenset({S.AMENDMENT_REQUESTED}),
            target=None,
            event="project.amendment_refused",
            roles=MANAGERS | MINISTRY,
            asks=("note",),
            requires=("note",),
            effect=_refuse_amendment,
            style="warning",
            icon="x-square",
        ),
        Transition(
            name="suspend",
            label=gettext_lazy("Suspend"),
            sources=frozenset({S.APPROVED, S.IN_PROGRESS}),
            target=S.SUSPENDED,
            event="project.suspended",
            roles=MANAGERS | MINISTRY,
            asks=(*DECISION, "note"),
            requires=("note",),
            effect=_hold,
            style="warning",
            icon="pause-circle",
        ),
        Transition(
            name="resume",
            label=gettext_lazy("Resume"),
            sources=frozenset({S.SUSPENDED}),
            target=None,
            event="project.resumed",
            roles=MANAGERS | MINISTRY,
            asks=(*DECISION, "note"),
            effect=_resume,
            icon="play-circle",
        ),
        Transition(
            name="carry_over",
            label=gettext_lazy("Carry over to next year"),
            sources=frozenset({S.APPROVED, S.IN_PROGRESS}),
            target=None,
            event="project.carried_over",
            roles=MANAGERS,
            asks=(*DECISION, "note"),
            requires=("note",),
            effect=_carry_over,
            style="secondary",
            icon="calendar-plus",
        ),
        Transition(
            name="accept",
            label=gettext_lazy("Record the acceptance"),
            sources=frozenset({S.IN_PROGRESS}),
            target=S.ACCEPTED,
            event="project.accepted",
            roles=EDITORS,
            guards=(_has_actual_outputs,),
            asks=(*DECISION, "note"),
            requires=DECISION,
            effect=_accept,
            icon="patch-check",
        ),
        Transition(
            name="settle",
            label=gettext_lazy("Record the settlement"),
            sources=frozenset({S.ACCEPTED}),
            target=S.SETTLED,
            event="project.settled",
            roles=MANAGERS,
            guards=(_disbursed_within_approved,),
            asks=(*DECISION, "note"),
            requires=DECISION,
            effect=_settle,
            icon="cash-coin",
        ),
        Transition(
            name="close",
            label=gettext_lazy("Close"),
            sources=frozenset({S.SETTLED}),
            target=S.CLOSED,
            event="project.closed",
            roles=MANAGERS,
            asks=("decision_date", "note"),
            effect=_close,
            style="secondary",
            icon="archive",
        ),
        Transition(
            name="cancel",
            label=gettext_lazy("Cancel the project"),
            sources=frozenset(
                {
                    S.DRAFT,
                    S.RETURNED,
                    S.SUBMITTED,
                    S.APPRAISED,
                    S.SENT_TO_MINISTRY,
                    S.APPROVED,
                    S.IN_PROGRESS,
                    S.AMENDMENT_REQUESTED,
                    S.SUSPENDED,
                }
            ),
            target=S.CANCELLED,
            event="project.cancelled",
            roles=MANAGERS | MINISTRY,
            asks=(*DECISION, "note"),
            requires=("note",),
            style="danger",
            icon="slash-circle",
        ),
    ],
)

# The main line shown as a stepper on the project page.
STEPS = (
    S.DRAFT,
    S.SUBMITTED,
    S.APPRAISED,
    S.APPROVED,
    S.IN_PROGRESS,
    S.ACCEPTED,
    S.SETTLED,
    S.CLOSED,
)
