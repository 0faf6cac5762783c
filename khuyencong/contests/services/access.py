"""Who may do what in the contests module."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import NATIONAL_ROLES, PROVINCIAL_ROLES, Role, effective_role
from khuyencong.contests.models import ConflictOfInterest, Entry, Level, Round
from khuyencong.core.scope import restrict

PROVINCIAL_LEVELS = frozenset({Level.COMMUNE, Level.PROVINCE})
# Who may sit on a jury: back-office staff who take part in the work (not the establishments'
# accounts, whose products compete, nor read-only viewers).
JUROR_ROLES = frozenset(
    {
        Role.ADMIN,
        Role.MINISTRY_OFFICER,
        Role.PROVINCIAL_MANAGER,
        Role.PROVINCIAL_OFFICER,
        Role.COLLABORATOR,
    }
)


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


def may_judge(user, *, level: str, province_id: int | None) -> bool:
    """Whether `user` may sit on the jury of a round of this level and province: active staff
    of a juror role; for a commune or provincial round, of the round's province or of the
    ministry (national users); for a regional or national round, of any province."""
    role = role_of(user)
    if role not in JUROR_ROLES:
        return False
    if level in PROVINCIAL_LEVELS:
        return role in NATIONAL_ROLES or (
            user.province_id is not None and user.province_id == province_id
        )
    return True


def nameable_users(user) -> QuerySet[User]:
    """The active users `user` may name (e.g. on a jury): those in their scope and the national
    staff. Anyone else is "not found", whether or not the id exists."""
    national = Q(province__isnull=True) & (Q(role__in=NATIONAL_ROLES) | Q(is_superuser=True))
    in_scope = restrict(User.objects.all(), user).values("pk")
    return User.objects.filter(Q(pk__in=in_scope) | national, is_active=True)


def juror_candidates(user) -> QuerySet[User]:
    """The users `user` may put on a jury (a round's own rule is checked by the service)."""
    return nameable_users(user).filter(Q(role__in=JUROR_ROLES) | Q(is_superuser=True))


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
    """A recorded conflict of interest, or the juror's own establishment (its account)."""
    if user is not None and getattr(user, "establishment_id", None) == entry.establishment_id:
        return True
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
