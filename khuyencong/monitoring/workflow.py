"""The life cycle of a follow-up action, on the shared workflow mechanism (`core.workflow`).

open ──mark_done──▶ done ──close──▶ closed
  ▲                  │
  └────reopen────────┘          open ──close──▶ closed (dropped or overtaken, with the reason)

Provincial officers and managers of the inspection's province take the actions; closing records
the closing note and date (not before the inspection, not in the future).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.roles import Role
from khuyencong.core.workflow import Transition, Workflow
from khuyencong.monitoring.models import FollowUp, FollowUpStatus

S = FollowUpStatus
FOLLOW_UP_ROLES = frozenset({Role.PROVINCIAL_OFFICER, Role.PROVINCIAL_MANAGER})


def _check_day(follow_up: FollowUp, day, field: str) -> None:
    inspected = follow_up.inspection.date
    if day is not None and inspected is not None and day < inspected:
        raise ValidationError(
            {
                field: _("The date cannot be before the inspection (%(day)s).")
                % {"day": inspected.strftime("%d/%m/%Y")}
            }
        )


def _mark_done(follow_up: FollowUp, data: dict[str, Any], user) -> None:
    day = data.get("decision_date") or timezone.localdate()
    _check_day(follow_up, day, "decision_date")
    follow_up.done_on = day


def _close(follow_up: FollowUp, data: dict[str, Any], user) -> None:
    day = data["decision_date"]
    _check_day(follow_up, day, "decision_date")
    follow_up.closed_on = day
    follow_up.closing_note = data["note"]


def _reopen(follow_up: FollowUp, data: dict[str, Any], user) -> None:
    follow_up.done_on = None


FOLLOW_UP_WORKFLOW = Workflow(
    states=FollowUpStatus,
    transitions=[
        Transition(
            name="mark_done",
            label=gettext_lazy("Mark as done"),
            sources=frozenset({S.OPEN}),
            target=S.DONE,
            event="followup.done",
            roles=FOLLOW_UP_ROLES,
            asks=("decision_date", "note"),
            effect=_mark_done,
            style="success",
            icon="check2-circle",
        ),
        Transition(
            name="close",
            label=gettext_lazy("Close"),
            sources=frozenset({S.OPEN, S.DONE}),
            target=S.CLOSED,
            event="followup.closed",
            roles=FOLLOW_UP_ROLES,
            asks=("decision_date", "note"),
            requires=("decision_date", "note"),
            effect=_close,
            style="primary",
            icon="lock",
            help_text=gettext_lazy(
                "Closing ends the follow-up: say how it ended (checked on site, dropped…)."
            ),
        ),
        Transition(
            name="reopen",
            label=gettext_lazy("Reopen"),
            sources=frozenset({S.DONE}),
            target=S.OPEN,
            event="followup.reopened",
            roles=FOLLOW_UP_ROLES,
            asks=("note",),
            requires=("note",),
            effect=_reopen,
            style="outline-secondary",
            icon="arrow-counterclockwise",
        ),
    ],
)

# Labels of the date each action asks for.
DATE_LABELS = {
    "mark_done": gettext_lazy("Done on"),
    "close": gettext_lazy("Closing date"),
}
