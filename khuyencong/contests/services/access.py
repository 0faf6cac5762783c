"""Who may do what in the contests module."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from khuyencong.accounts.roles import NATIONAL_ROLES, PROVINCIAL_ROLES, Role, effective_role
from khuyencong.contests.models import ConflictOfInterest, Entry, Level, Round

PROVINCIAL_LEVELS = frozenset({Level.COMMUNE, Level.PROVINCE})


def role_of(user) -> str | None:
    """The effective role of an active user (an inactive account organises and scores nothing)."""
    return effective_role(user) if user is not None and user.is_active else None


def may_organise(user, *, level: str, province_id: int | None) -> bool:
    """Whether `user` may create (and manage) a round of this level and province."""
    role = role_of(user)
    if role in NATIONAL_ROLES:
        return True
    if role in PROVINCIAL_ROLES:
        return level in PROVINCIAL_LEVELS and province_id == user.province_id
    return False


def may_manage(user, round_: Round) -> bool:
    """Organisers: the round's province's managers and officers; the ministry for the upper
    levels (and administrators everywhere)."""
    return may_organise(user, level=round_.level, province_id=round_.province_id)


def is_juror(user, round_: Round) -> bool:
    return bool(user and user.is_authenticated) and round_.jurors.filter(pk=user.pk).exists()


def is_assigned(user, entry: Entry) -> bool:
    """A juror scores the entries assigned to them; an entry with no assignment goes to all."""
    if not is_juror(user, entry.round):
        return False
    if entry.jurors.exists():
        return entry.jurors.filter(pk=user.pk).exists()
    return True


def has_conflict(user, entry: Entry) -> bool:
    return ConflictOfInterest.objects.filter(
        round_id=entry.round_id, juror=user, establishment_id=entry.establishment_id
    ).exists()


def may_enter(user, round_: Round, establishment) -> bool:
    """Organisers register entries; an establishment's account registers its own."""
    if may_manage(user, round_):
        return True
    return (
        role_of(user) == Role.ESTABLISHMENT
        and establishment is not None
        and user.establishment_id == establishment.pk
    )


def check(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this."))
