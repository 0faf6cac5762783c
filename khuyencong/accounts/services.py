"""Every write to organisations and users."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khuyencong.accounts.models import Organisation, User
from khuyencong.accounts.roles import PROVINCIAL_ROLES, Action, Role
from khuyencong.core.actor import acting_as
from khuyencong.core.concurrency import claim_version

PROVINCIAL_KINDS = frozenset(
    {
        Organisation.Kind.PROVINCIAL_DEPARTMENT,
        Organisation.Kind.EXTENSION_CENTRE,
        Organisation.Kind.PEOPLES_COMMITTEE,
    }
)
ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "province",
    "commune",
    "address",
    "phone",
    "email",
    "is_active",
)


def validate_user_scope(*, role: str, province: Any, communes: list[Any]) -> None:
    """The scope a role needs: a province for provincial roles, communes for collaborators."""
    errors: dict[str, str] = {}
    if role in PROVINCIAL_ROLES and province is None:
        errors["province"] = _("A provincial user must have a province.")
    if role in (Role.ADMIN, Role.MINISTRY_OFFICER) and province is not None:
        errors["province"] = _("A national user has no province.")
    if role == Role.COLLABORATOR:
        if province is None:
            errors["province"] = _("A collaborator must have a province.")
        if not communes:
            errors["communes"] = _("A collaborator must cover at least one commune.")
        elif province is not None and any(c.province_id != province.pk for c in communes):
            errors["communes"] = _("Every commune must be in the collaborator's province.")
    elif communes:
        errors["communes"] = _("Only collaborators cover communes.")
    for commune in communes:
        if commune.valid_to is not None:
            errors["communes"] = _("Choose communes in force today.")
    if province is not None and province.valid_to is not None:
        errors["province"] = _("Choose a province in force today.")
    if errors:
        raise ValidationError(errors)


def _validate_organisation(*, by: User, values: dict[str, Any]) -> None:
    province = values.get("province")
    commune = values.get("commune")
    errors: dict[str, str] = {}
    if not (values.get("name") or "").strip():
        errors["name"] = _("Enter the name.")
    if province is not None and province.valid_to is not None:
        errors["province"] = _("Choose a province in force today.")
    if commune is not None:
        if province is None or commune.province_id != province.pk:
            errors["commune"] = _("The commune must be in the organisation's province.")
        elif commune.valid_to is not None:
            errors["commune"] = _("Choose a commune in force today.")
    if values.get("kind") == Organisation.Kind.MINISTRY_DEPARTMENT and province is not None:
        errors["province"] = _("A ministry department has no province.")
    elif values.get("kind") in PROVINCIAL_KINDS and province is None:
        errors["province"] = _("Choose the province.")
    if errors:
        raise ValidationError(errors)
    if not by.is_national and (province is None or province.pk != by.province_id):
        raise PermissionDenied(_("You can only manage organisations of your province."))


def may_manage_organisations(user: User) -> bool:
    return user.may(Action.CHANGE) and (
        user.is_superuser
        or user.role in (Role.ADMIN, Role.MINISTRY_OFFICER, Role.PROVINCIAL_MANAGER)
    )


def organisation_create(*, by: User, **values: Any) -> Organisation:
    if not may_manage_organisations(by):
        raise PermissionDenied(_("Your role does not allow managing organisations."))
    _validate_organisation(by=by, values=values)
    if Organisation.objects.filter(
        province=values.get("province"), name=values["name"].strip()
    ).exists():
        raise ValidationError(
            {"name": _("An organisation with this name already exists in this province.")}
        )
    with transaction.atomic(), acting_as(by):
        organisation = Organisation(
            **{k: values.get(k) for k in ORGANISATION_FIELDS if k in values}
        )
        organisation.name = organisation.name.strip()
        organisation.full_clean()
        organisation.save()
    return organisation


def organisation_update(
    *, organisation: Organisation, by: User, expected_version: int, **values: Any
) -> Organisation:
    if not may_manage_organisations(by):
        raise PermissionDenied(_("Your role does not allow managing organisations."))
    merged = {k: values.get(k, getattr(organisation, k)) for k in ORGANISATION_FIELDS}
    _validate_organisation(by=by, values=merged)
    duplicate = Organisation.objects.filter(
        province=merged["province"], name=merged["name"].strip()
    )
    if duplicate.exclude(pk=organisation.pk).exists():
        raise ValidationError(
            {"name": _("An organisation with this name already exists in this province.")}
        )
    with transaction.atomic(), acting_as(by):
        claim_version(organisation, expected_version)
        for key, value in merged.items():
            setattr(organisation, key, value)
        organisation.name = organisation.name.strip()
        organisation.full_clean()
        organisation.save()
    return organisation


def user_create(
    *,
    by: User | None,
    username: str,
    password: str | None,
    role: str,
    full_name: str = "",
    email: str = "",
    organisation: Organisation | None = None,
    province: Any = None,
    communes: list[Any] | None = None,
    job_title: str = "",
) -> User:
    """Create an account with its scope checked. `by=None` is the system (setup commands)."""
    communes = communes or []
    validate_user_scope(role=role, province=province, communes=communes)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken.")})
    family_and_middle, _sep, given = full_name.strip().rpartition(" ")
    with transaction.atomic(), acting_as(by):
        user = User(
            username=username,
            email=email,
            role=role,
            organisation=organisation,
            province=province,
            first_name=given,
            last_name=family_and_middle,
            job_title=job_title,
            is_staff=role == Role.ADMIN,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        if communes:
            user.communes.set(communes)
    return user
