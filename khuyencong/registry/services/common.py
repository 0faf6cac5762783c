"""What every registry write shares: who may write where, and the checks of common values."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import NATIONAL_ROLES, PROVINCIAL_ROLES, Action, Role, effective_role
from khuyencong.core.scope import restrict

# Roles that create and change registry rows within their scope. Collaborators also record
# establishments, in their communes only (see `may_write_model`).
WRITER_ROLES = NATIONAL_ROLES | PROVINCIAL_ROLES


role_of = effective_role


def may_write_model(user: User, model: type[Model]) -> bool:
    """Whether the user's role may create or change rows of this model at all."""
    from khuyencong.registry.models import Establishment

    if not user.is_authenticated or not user.may(Action.CHANGE):
        return False
    role = role_of(user)
    return role in WRITER_ROLES or (role == Role.COLLABORATOR and model is Establishment)


def may_write_at(
    user: User, model: type[Model], *, province_id: int | None, commune_id: int | None = None
) -> bool:
    """Whether the user may put a row of `model` in this province / commune."""
    if not may_write_model(user, model):
        return False
    role = role_of(user)
    if role in NATIONAL_ROLES:
        return True
    if role in PROVINCIAL_ROLES:
        return province_id is not None and province_id == user.province_id
    if role == Role.COLLABORATOR:
        return commune_id is not None and user.communes.filter(pk=commune_id).exists()
    return False


def check_write_at(
    user: User, model: type[Model], *, province_id: int | None, commune_id: int | None = None
) -> None:
    if not may_write_model(user, model):
        raise PermissionDenied(_("Your role does not allow changing these records."))
    if not may_write_at(user, model, province_id=province_id, commune_id=commune_id):
        if role_of(user) == Role.COLLABORATOR:
            raise PermissionDenied(_("You can only record establishments in your communes."))
        raise PermissionDenied(_("You can only record data of your province."))


def may_change(user: User, instance: Model) -> bool:
    """Whether the user may change this existing row (role and scope)."""
    model = type(instance)
    return (
        may_write_model(user, model)
        and restrict(model._default_manager.filter(pk=instance.pk), user, Action.CHANGE).exists()
    )


def check_change(user: User, instance: Model) -> None:
    if not may_change(user, instance):
        raise PermissionDenied(_("You may not change this record."))


def text(values: dict[str, Any], key: str) -> str:
    return " ".join(str(values.get(key) or "").split())


def check_current_unit(unit: Any, errors: dict[str, str], field: str) -> None:
    if unit is not None and unit.valid_to is not None:
        errors[field] = _("Choose a unit in force today (after 1 July 2025).")


def check_email(value: str, errors: dict[str, str], field: str = "email") -> None:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            errors[field] = _("Enter a valid e-mail address.")


def check_year(
    value: int | None, errors: dict[str, str], field: str, *, earliest: int = 1900
) -> None:
    if value is None:
        return
    latest = timezone.localdate().year
    if not earliest <= value <= latest:
        errors[field] = _("Enter a year between %(earliest)d and %(latest)d.") % {
            "earliest": earliest,
            "latest": latest,
        }


def check_not_negative(value: int | None, errors: dict[str, str], field: str) -> None:
    if value is not None and value < 0:
        errors[field] = _("Enter a number that is not negative.")


def check_not_future(value: datetime.date | None, errors: dict[str, str], field: str) -> None:
    if value is not None and value > timezone.localdate():
        errors[field] = _("The date cannot be in the future.")


def check_lengths(model: type[Model], values: dict[str, Any], errors: dict[str, str]) -> None:
    """Text longer than its column allows, reported next to the field."""
    for field in model._meta.concrete_fields:
        limit = getattr(field, "max_length", None)
        value = values.get(field.name)
        if limit and isinstance(value, str) and len(value) > limit and field.name not in errors:
            errors[field.name] = _("At most %(n)d characters.") % {"n": limit}
