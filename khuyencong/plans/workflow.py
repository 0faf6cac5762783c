"""The life of an annual plan, on the shared workflow mechanism (`core.workflow`).

registration → consolidated → submitted → approved (version 1); then only amended:
approved → amending → approved (version 2, 3, …) or back as it was when the amendment is dropped.
A local plan is approved by the provincial People's Committee (its decision is recorded by the
provincial manager); a national-fund plan by the ministry.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from khuyencong.accounts.roles import Action, Role
from khuyencong.core.workflow import Transition, Workflow
from khuyencong.plans import versions
from khuyencong.plans.models import Plan, PlanStatus

S = PlanStatus
MANAGERS = frozenset({Role.PROVINCIAL_MANAGER})
MINISTRY = frozenset({Role.MINISTRY_OFFICER})
DECISION = ("decision_number", "decision_date")


def _national(plan: Plan) -> bool:
    return plan.is_national


def _local(plan: Plan) -> bool:
    return not plan.is_national


def _has_projects(plan: Plan):
    if not plan.items.filter(is_selected=True).exists():
        return gettext_lazy("Keep at least one project in the plan.")
    return None


def _approve(plan: Plan, data: dict[str, Any], user) -> None:
    plan.decision_number = data["decision_number"]
    plan.decision_date = data["decision_date"]
    plan.approved_by = data.get("approved_by") or plan.approved_by
    version = versions.save_version(
        plan, decision_number=data["decision_number"], decision_date=data["decision_date"]
    )
    plan.approved_total_vnd = version.total_vnd


def _amend(plan: Plan, data: dict[str, Any], user) -> None:
    version = versions.save_version(
        plan,
        decision_number=data["decision_number"],
        decision_date=data["decision_date"],
        reason=data.get("note") or "",
    )
    plan.approved_total_vnd = version.total_vnd


def _drop_amendment(plan: Plan, data: dict[str, Any], user) -> None:
    versions.restore_latest(plan)


PLAN_WORKFLOW = Workflow(
    states=PlanStatus,
    transitions=[
        Transition(
            name="close_registration",
            label=gettext_lazy("Close registration and consolidate"),
            sources=frozenset({S.REGISTRATION}),
            target=S.CONSOLIDATED,
            event="plan.consolidated",
            roles=MANAGERS,
            icon="collection",
        ),
        Transition(
            name="reopen_registration",
            label=gettext_lazy("Reopen registration"),
            sources=frozenset({S.CONSOLIDATED}),
            target=S.REGISTRATION,
            event="plan.registration_reopened",
            roles=MANAGERS,
            asks=("note",),
            requires=("note",),
            style="secondary",
            icon="arrow-counterclockwise",
        ),
        Transition(
            name="submit",
            label=gettext_lazy("Submit for approval"),
            sources=frozenset({S.CONSOLIDATED}),
            target=S.SUBMITTED,
            event="plan.submitted",
            roles=MANAGERS,
            guards=(_has_projects,),
            icon="send",
        ),
        Transition(
            name="return",
            label=gettext_lazy("Return for revision"),
            sources=frozenset({S.SUBMITTED}),
            target=S.CONSOLIDATED,
            event="plan.returned",
            roles=MANAGERS,
            applies=_local,
            asks=("note",),
            requires=("note",),
            style="warning",
            icon="arrow-counterclockwise",
        ),
        Transition(
            name="return_national",
            label=gettext_lazy("Return to the province (ministry)"),
            sources=frozenset({S.SUBMITTED}),
            target=S.CONSOLIDATED,
            event="plan.returned",
            roles=MINISTRY,
            applies=_national,
            asks=("note",),
            requires=("note",),
            style="warning",
            icon="arrow-counterclockwise",
        ),
        Transition(
            name="approve",
            label=gettext_lazy("Record the approval"),
            sources=frozenset({S.SUBMITTED}),
            target=S.APPROVED,
            event="plan.approved",
            roles=MANAGERS,
            applies=_local,
            guards=(_has_projects,),
            asks=(*DECISION, "approved_by", "note"),
            requires=DECISION,
            effect=_approve,
            icon="check2-circle",
            scope_action=Action.APPROVE,
        ),
        Transition(
            name="approve_national",
            label=gettext_lazy("Approve (ministry)"),
            sources=frozenset({S.SUBMITTED}),
            target=S.APPROVED,
            event="plan.approved",
            roles=MINISTRY,
            applies=_national,
            guards=(_has_projects,),
            asks=(*DECISION, "approved_by", "note"),
            requires=DECISION,
            effect=_approve,
            icon="check2-circle",
            scope_action=Action.APPROVE,
        ),
        Transition(
            name="start_amendment",
            label=gettext_lazy("Prepare an amendment"),
            sources=frozenset({S.APPROVED}),
            target=S.AMENDING,
            event="plan.amendment_started",
            roles=MANAGERS,
            asks=("note",),
            requires=("note",),
            style="secondary",
            icon="pencil-square",
        ),
        Transition(
            name="approve_amendment",
            label=gettext_lazy("Record the amendment decision"),
            sources=frozenset({S.AMENDING}),
            target=S.APPROVED,
            event="plan.amended",
            roles=MANAGERS,
            applies=_local,
            guards=(_has_projects,),
            asks=(*DECISION, "note"),
            requires=(*DECISION, "note"),
            effect=_amend,
            icon="check2-square",
            scope_action=Action.APPROVE,
        ),
        Transition(
            name="approve_amendment_national",
            label=gettext_lazy("Approve the amendment (ministry)"),
            sources=frozenset({S.AMENDING}),
            target=S.APPROVED,
            event="plan.amended",
            roles=MINISTRY,
            applies=_national,
            guards=(_has_projects,),
            asks=(*DECISION, "note"),
            requires=(*DECISION, "note"),
            effect=_amend,
            icon="check2-square",
            scope_action=Action.APPROVE,
        ),
        Transition(
            name="drop_amendment",
            label=gettext_lazy("Drop the amendment"),
            sources=frozenset({S.AMENDING}),
            target=S.APPROVED,
            event="plan.amendment_dropped",
            roles=MANAGERS | MINISTRY,
            asks=("note",),
            requires=("note",),
            effect=_drop_amendment,
            style="warning",
            icon="x-square",
        ),
    ],
)

STEPS = (S.REGISTRATION, S.CONSOLIDATED, S.SUBMITTED, S.APPROVED)
# States in which the list of projects may change.
OPEN_STATES = frozenset({S.REGISTRATION, S.CONSOLIDATED, S.AMENDING})
