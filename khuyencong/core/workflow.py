"""One declarative life-cycle mechanism for every object that has one (project, plan, round…).

A `Workflow` names the states and the `Transition`s between them. A transition says who may take
it (roles, and the scope action on the object), what must already be true (guards, each giving
the reason it fails) and what the user must record (decision number and date, a note, …).
`options()` tells a page every action of the current state, allowed or not, with the reasons;
`perform()` re-checks everything inside one transaction, moves the state, lets the owning app
apply its side effects and records the named event (e.g. `project.approved`) with its data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.roles import Action, Role, effective_role
from khuyencong.core.actor import acting_as
from khuyencong.core.concurrency import claim_version
from khuyencong.core.history import json_value, record_event, saved_as_event
from khuyencong.core.scope import in_scope

# Sent inside the transition's transaction once the move is saved, so that other modules can
# act on it without the owning app knowing them (e.g. surveys scheduled at acceptance). A
# receiver that raises undoes the whole move.
transition_done = Signal()

# A guard looks at the object (before the move) and returns why the move is not possible yet.
Guard = Callable[[Any], "str | Promise | None"]
# An effect applies the transition's side effects to the locked object, in the transaction.
Effect = Callable[[Any, dict[str, Any], Any], None]

RECORDED_FIELDS: dict[str, Promise] = {
    "decision_number": gettext_lazy("Decision number"),
    "decision_date": gettext_lazy("Decision date"),
    "note": gettext_lazy("Note"),
}


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: frozenset[str]
    # None: back to the state recorded in the object's `resume_field` (resume, end of amendment).
    target: str | None
    event: str
    roles: frozenset[str]
    guards: tuple[Guard, ...] = ()
    # Which of the recorded fields the form asks for, and which of them are required.
    asks: tuple[str, ...] = ("note",)
    requires: tuple[str, ...] = ()
    effect: Effect | None = None
    style: str = "primary"
    icon: str = "arrow-right-circle"
    scope_action: str = Action.CHANGE
    # Extra rule on the object deciding whether this transition applies at all (e.g. national
    # projects only); a transition that does not apply is not shown.
    applies: Callable[[Any], bool] | None = None
    help_text: str | Promise = ""


@dataclass
class Option:
    transition: Transition
    reasons: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.reasons

    @property
    def name(self) -> str:
        return self.transition.name

    @property
    def label(self) -> str:
        return str(self.transition.label)


class TransitionRefused(ValidationError):
    """The transition cannot be taken now; `messages` says why (all reasons, not just one)."""


class Workflow:
    def __init__(
        self,
        *,
        states: type[models.TextChoices],
        transitions: Iterable[Transition],
        state_field: str = "status",
        resume_field: str | None = None,
        role_names: dict[str, str | Promise] | None = None,
    ):
        self.states = states
        self.state_field = state_field
        self.resume_field = resume_field
        self.transitions = {t.name: t for t in transitions}
        self.role_names = role_names or {}
        for t in self.transitions.values():
            unknown = ({*t.sources, t.target} - {None}) - set(states.values)
            if unknown:
                raise ValueError(f"{t.name}: unknown states {sorted(unknown)}")
            if set(t.requires) - set(t.asks):
                raise ValueError(f"{t.name}: requires a field it does not ask for")

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def get(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise TransitionRefused(_("There is no such action.")) from None

    def _target(self, transition: Transition, obj) -> str:
        if transition.target is not None:
            return transition.target
        back = getattr(obj, self.resume_field) if self.resume_field else ""
        return back or self.state_of(obj)

    def _roles_text(self, roles: frozenset[str]) -> str:
        names = [str(label) for value, label in Role.choices if value in roles]
        return ", ".join(names)

    def reasons(self, obj, user, transition: Transition) -> list[str]:
        """Why `user` may not take `transition` on `obj` now (empty: they may)."""
        state = self.state_of(obj)
        if state not in transition.sources:
            return [
                _("Not possible while the record is “%(state)s”.")
                % {"state": self.states(state).label}
            ]
        reasons = []
        role = effective_role(user)
        if role not in transition.roles and role != Role.ADMIN:
            reasons.append(
                _("Only these roles may do this: %(roles)s.")
                % {"roles": self._roles_text(transition.roles)}
            )
        elif not in_scope(user, obj, transition.scope_action):
            reasons.append(_("This record is outside your area of responsibility."))
        for guard in transition.guards:
            reason = guard(obj)
            if reason:
                reasons.append(str(reason))
        return reasons

    def options(self, obj, user) -> list[Option]:
        """Every action of the current state that applies to `obj`, with why it is unavailable."""
        state = self.state_of(obj)
        result = []
        for transition in self.transitions.values():
            if state not in transition.sources:
                continue
            if transition.applies is not None and not transition.applies(obj):
                continue
            result.append(Option(transition, self.reasons(obj, user, transition)))
        return result

    def clean_record(self, transition: Transition, data: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        record = {}
        for name in transition.asks:
            value = data.get(name)
            if isinstance(value, str):
                value = value.strip()
            if name in transition.requires and value in (None, "", [], ()):
                errors.setdefault(name, []).append(_("This field is required for this action."))
            record[name] = value
        date = record.get("decision_date")
        if isinstance(date, datetime.date) and date > timezone.localdate():
            errors.setdefault("decision_date", []).append(
                _("The decision date cannot be in the future.")
            )
        if errors:
            raise ValidationError(errors)
        return record

    def perform(
        self,
        obj,
        *,
        user,
        name: str,
        data: dict[str, Any] | None = None,
        expected_version: int | None = None,
    ):
        """Take transition `name` on `obj` as `user`, all or nothing. Returns the saved object.

        Raises TransitionRefused (with every reason) or ValidationError (the recorded fields, or
        the effect's own checks), or StaleVersionError when someone saved the record meanwhile.
        """
        data = dict(data or {})
        transition = self.get(name)
        with transaction.atomic(), acting_as(user):
            model = type(obj)
            locked = model._default_manager.select_for_update().get(pk=obj.pk)
            if transition.applies is not None and not transition.applies(locked):
                raise TransitionRefused(_("This action does not apply to this record."))
            reasons = self.reasons(locked, user, transition)
            if reasons:
                raise TransitionRefused(reasons)
            record = self.clean_record(transition, data)
            claim_version(locked, locked.version if expected_version is None else expected_version)
            before = self.state_of(locked)
            target = self._target(transition, locked)
            with saved_as_event(locked) as changes:
                setattr(locked, self.state_field, target)
                if transition.effect is not None:
                    transition.effect(locked, {**data, **record, "_from": before}, user)
                locked.save()
            # One entry for the move: the fields it changed ([before, after]), then what was
            # recorded that no field shows (a decision copied into a field is not repeated).
            shown = {json_value(pair[1]) for pair in changes.values()}
            event_data: dict[str, Any] = {"transition": transition.name, **changes}
            for key, value in record.items():
                if key != "note" and value not in (None, "") and json_value(value) not in shown:
                    event_data[key] = value
            event_data.update(data.get("event_data") or {})
            record_event(locked, transition.event, note=record.get("note") or "", data=event_data)
            transition_done.send(
                sender=type(locked), instance=locked, transition=transition, user=user
            )
        return locked
