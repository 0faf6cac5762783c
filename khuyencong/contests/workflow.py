"""The life cycle of a round, on the shared workflow mechanism (`core.workflow`).

registration ──start_scoring──▶ scoring ──close──▶ closed (results)
      ▲                            │
      └──────reopen_registration───┘

Organisers take the actions: provincial managers and officers of the round's province for
commune and provincial rounds, the ministry for regional and national rounds. Closing stores
every entry's average, rank and pass/fail.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from khuyencong.accounts.roles import Role
from khuyencong.contests.models import Round, RoundStatus
from khuyencong.core.workflow import Transition, Workflow

S = RoundStatus
ORGANISER_ROLES = frozenset(
    {Role.PROVINCIAL_MANAGER, Role.PROVINCIAL_OFFICER, Role.MINISTRY_OFFICER}
)


def _has_entries(round_: Round):
    if not round_.entries.exists():
        return gettext_lazy("The round has no entries yet.")
    return None


def _has_jury(round_: Round):
    if not round_.jurors.exists():
        return gettext_lazy("Name the jury members first.")
    return None


def _sheet_complete(round_: Round):
    from khuyencong.contests.selectors import sheet_total

    total = sheet_total(round_)
    if total != 100:
        return gettext_lazy("The scoring sheet totals %(n)s points, not 100.") % {"n": total}
    return None


def _has_scores(round_: Round):
    from khuyencong.contests.models import Score

    if not Score.objects.filter(entry__round=round_).exists():
        return gettext_lazy("No entry has been scored yet.")
    return None


def _close(round_: Round, data: dict[str, Any], user) -> None:
    from khuyencong.contests.services.results import store_results

    round_.closed_on = timezone.localdate()
    store_results(round_)


ROUND_WORKFLOW = Workflow(
    states=RoundStatus,
    transitions=[
        Transition(
            name="start_scoring",
            label=gettext_lazy("Close registration and start scoring"),
            sources=frozenset({S.REGISTRATION}),
            target=S.SCORING,
            event="contest.scoring_started",
            roles=ORGANISER_ROLES,
            guards=(_has_entries, _has_jury, _sheet_complete),
            icon="pencil-square",
        ),
        Transition(
            name="reopen_registration",
            label=gettext_lazy("Reopen registration"),
            sources=frozenset({S.SCORING}),
            target=S.REGISTRATION,
            event="contest.registration_reopened",
            roles=ORGANISER_ROLES,
            asks=("note",),
            requires=("note",),
            style="outline-secondary",
            icon="arrow-counterclockwise",
        ),
        Transition(
            name="close",
            label=gettext_lazy("Close the round and publish the results"),
            sources=frozenset({S.SCORING}),
            target=S.CLOSED,
            event="contest.closed",
            roles=ORGANISER_ROLES,
            guards=(_has_scores,),
            asks=("decision_number", "decision_date", "note"),
            effect=_close,
            style="success",
            icon="trophy",
            help_text=gettext_lazy(
                "Closing stores each entry's average, rank and result; scores become visible."
            ),
        ),
    ],
)
