"""Roles, what each may do, and how far its scope reaches."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    MINISTRY_OFFICER = "ministry_officer", _("Ministry officer")
    PROVINCIAL_MANAGER = "provincial_manager", _("Provincial manager")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    COLLABORATOR = "collaborator", _("Extension collaborator")
    ESTABLISHMENT = "establishment", _("Establishment account")
    VIEWER = "viewer", _("Read-only viewer")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    CHANGE = "change", _("change")
    APPROVE = "approve", _("approve")


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({Action.VIEW, Action.CHANGE, Action.APPROVE}),
    Role.MINISTRY_OFFICER: frozenset({Action.VIEW, Action.CHANGE, Action.APPROVE}),
    Role.PROVINCIAL_MANAGER: frozenset({Action.VIEW, Action.CHANGE, Action.APPROVE}),
    Role.PROVINCIAL_OFFICER: frozenset({Action.VIEW, Action.CHANGE}),
    Role.COLLABORATOR: frozenset({Action.VIEW, Action.CHANGE}),
    Role.ESTABLISHMENT: frozenset({Action.VIEW, Action.CHANGE}),
    Role.VIEWER: frozenset({Action.VIEW}),
}

NATIONAL_ROLES = frozenset({Role.ADMIN, Role.MINISTRY_OFFICER})
PROVINCIAL_ROLES = frozenset({Role.PROVINCIAL_MANAGER, Role.PROVINCIAL_OFFICER})
# Roles whose users work in the back office (menus, lists, reports), as against the portal.
STAFF_ROLES = frozenset(
    {
        Role.ADMIN,
        Role.MINISTRY_OFFICER,
        Role.PROVINCIAL_MANAGER,
        Role.PROVINCIAL_OFFICER,
        Role.COLLABORATOR,
        Role.VIEWER,
    }
)


def effective_role(user) -> str | None:
    """The role that decides what a user may do: administrator for a superuser, none for an
    anonymous visitor."""
    if user is None or not user.is_authenticated:
        return None
    return Role.ADMIN if user.is_superuser else user.role
