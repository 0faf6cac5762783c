"""Every write to extension collaborators and their trainings."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import Organisation, User
from khuyencong.accounts.roles import Role
from khuyencong.core.actor import acting_as
from khuyencong.core.concurrency import claim_version
from khuyencong.core.history import record_event
from khuyencong.geo.models import Commune, Province
from khuyencong.registry.models import Collaborator, CollaboratorTraining, Gender
from khuyencong.registry.services.common import (
    check_change,
    check_current_unit,
    check_email,
    check_lengths,
    check_write_at,
    text,
)

COLLABORATOR_FIELDS = (
    "full_name",
    "gender",
    "organisation",
    "user",
    "province",
    "communes",
    "phone",
    "email",
    "active_from",
    "active_to",
)


def clean_collaborator(values: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned = {key: values.get(key) for key in COLLABORATOR_FIELDS}
    for key in ("full_name", "phone", "email"):
        cleaned[key] = text(values, key)
    cleaned["gender"] = cleaned["gender"] or ""
    cleaned["communes"] = list(cleaned["communes"] or [])
    if not cleaned["full_name"]:
        errors["full_name"] = _("Enter the full name.")
    if cleaned["gender"] and cleaned["gender"] not in Gender.values:
        errors["gender"] = _("Choose male or female.")
    province: Province | None = cleaned["province"]
    if province is None:
        errors["province"] = _("Choose the province.")
    check_current_unit(province, errors, "province")
    communes: list[Commune] = cleaned["communes"]
    for commune in communes:
        check_current_unit(commune, errors, "communes")
    if (
        province is not None
        and "communes" not in errors
        and any(commune.province_id != province.pk for commune in communes)
    ):
        errors["communes"] = _("Every commune must be in the collaborator's province.")
    organisation: Organisation | None = cleaned["organisation"]
    if (
        organisation is not None
        and province is not None
        and organisation.province_id not in (None, province.pk)
    ):
        errors["organisation"] = _("The organisation must be of the collaborator's province.")
    user: User | None = cleaned["user"]
    if user is not None:
        if user.role != Role.COLLABORATOR or (province and user.province_id != province.pk):
            errors["user"] = _("Link an extension collaborator's account of the same province.")
        else:
            taken = Collaborator.objects.filter(user=user).exclude(pk=exclude_pk).first()
            if taken is not None:
                errors["user"] = _("This account already belongs to “%(name)s”.") % {
                    "name": taken.full_name
                }
    start: datetime.date | None = cleaned["active_from"]
    end: datetime.date | None = cleaned["active_to"]
    if start and end and end < start:
        errors["active_to"] = _("The end of activity cannot be before its start.")
    check_email(cleaned["email"], errors)
    check_lengths(Collaborator, cleaned, errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_trainings(trainings: Iterable[Mapping] | None) -> list[tuple] | None:
    if trainings is None:
        return None
    cleaned = []
    today = timezone.localdate()
    for row in trainings:
        day = row.get("date")
        course = " ".join(str(row.get("course") or "").split())
        organiser = " ".join(str(row.get("organiser") or "").split())
        if not isinstance(day, datetime.date) or not course:
            raise ValidationError(
                {"trainings": _("Give each training its date and the name of the course.")}
            )
        if day > today:
            raise ValidationError({"trainings": _("A training cannot be dated in the future.")})
        if len(course) > 255 or len(organiser) > 255:
            raise ValidationError({"trainings": _("At most %(n)d characters.") % {"n": 255}})
        cleaned.append((day, course, organiser))
    return cleaned


def _set_trainings(collaborator: Collaborator, trainings: list[tuple]) -> None:
    """Make the trainings exactly `trainings`; record what changed as one event."""
    existing = list(collaborator.trainings.all())
    wanted = Counter(trainings)
    removed = []
    for row in existing:
        key = (row.date, row.course, row.organiser)
        if wanted[key] > 0:
            wanted[key] -= 1
        else:
            removed.append(row)
    added = list(wanted.elements())
    for row in removed:
        row.delete()
    for day, course, organiser in sorted(added):
        CollaboratorTraining.objects.create(
            collaborator=collaborator, date=day, course=course, organiser=organiser
        )
    if added or removed:

        def describe(day: datetime.date, course: str, organiser: str) -> str:
            return f"{day:%d/%m/%Y} {course}" + (f" ({organiser})" if organiser else "")

        data = {}
        if added:
            data["added"] = "; ".join(describe(*row) for row in sorted(added))
        if removed:
            data["removed"] = "; ".join(
                describe(r.date, r.course, r.organiser) for r in sorted(removed, key=_key)
            )
        record_event(collaborator, "collaborator.trainings_changed", data=data)


def _key(row: CollaboratorTraining) -> tuple:
    return (row.date, row.course, row.organiser)


def collaborator_create(
    *,
    by: User,
    full_name: str,
    province: Province | None,
    communes: Iterable[Commune] = (),
    gender: str = "",
    organisation: Organisation | None = None,
    user: User | None = None,
    phone: str = "",
    email: str = "",
    active_from: datetime.date | None = None,
    active_to: datetime.date | None = None,
    trainings: Iterable[Mapping] | None = None,
) -> Collaborator:
    values = {key: value for key, value in locals().items() if key in COLLABORATOR_FIELDS}
    cleaned = clean_collaborator(values)
    rows = _clean_trainings(trainings)
    check_write_at(by, Collaborator, province_id=cleaned["province"].pk)
    communes = cleaned.pop("communes")
    with transaction.atomic(), acting_as(by):
        collaborator = Collaborator(**cleaned)
        collaborator.save()
        if communes:
            collaborator.communes.set(communes)
        if rows:
            _set_trainings(collaborator, rows)
    return collaborator


def collaborator_update(
    *,
    collaborator: Collaborator,
    by: User,
    expected_version: int,
    trainings: Iterable[Mapping] | None = None,
    **values: Any,
) -> Collaborator:
    unknown = set(values) - set(COLLABORATOR_FIELDS)
    if unknown:
        raise TypeError(f"unknown collaborator fields: {sorted(unknown)}")
    check_change(by, collaborator)
    merged = {key: values.get(key, getattr(collaborator, key)) for key in COLLABORATOR_FIELDS}
    if "communes" not in values:
        merged["communes"] = list(collaborator.communes.all())
    cleaned = clean_collaborator(merged, exclude_pk=collaborator.pk)
    rows = _clean_trainings(trainings)
    check_write_at(by, Collaborator, province_id=cleaned["province"].pk)
    communes = cleaned.pop("communes")
    with transaction.atomic(), acting_as(by):
        claim_version(collaborator, expected_version)
        for key, value in cleaned.items():
            setattr(collaborator, key, value)
        collaborator.save()
        if {c.pk for c in communes} != set(collaborator.communes.values_list("pk", flat=True)):
            collaborator.communes.set(communes)
        if rows is not None:
            _set_trainings(collaborator, rows)
    return collaborator
