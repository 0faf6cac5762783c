"""Who may write what in the monitoring module, who received support, and the GPS checks."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import Action, Role, effective_role
from khuyencong.core.scope import in_scope
from khuyencong.monitoring.models import (
    FollowUp,
    FollowUpStatus,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    Survey,
)
from khuyencong.projects.models import Project, Status
from khuyencong.registry.models import Establishment

EDITORS = frozenset({Role.PROVINCIAL_OFFICER, Role.PROVINCIAL_MANAGER})
# Vietnam, islands included: a point outside is worth a second look, not a refusal.
VIETNAM_BOX = {
    "lat": (Decimal("8.0"), Decimal("23.5")),
    "lon": (Decimal("102.0"), Decimal("117.9")),
}
DEFAULT_SURVEY_MONTHS = (6, 12, 24)


role_of = effective_role


def _in_scope(user: User, instance, action: str = Action.VIEW) -> bool:
    return in_scope(user, instance, action)


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


# --- who received support ------------------------------------------------------------------------


def supporting_projects(establishment: Establishment):
    """The projects that supported the establishment: approved and not cancelled."""
    return establishment.projects.filter(approved_on__isnull=False).exclude(status=Status.CANCELLED)


def has_received_support(establishment: Establishment) -> bool:
    return supporting_projects(establishment).exists()


# --- who may do what -----------------------------------------------------------------------------


def _writer(user: User) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.may(Action.CHANGE)
        and role_of(user) in EDITORS | {Role.ADMIN, Role.COLLABORATOR}
    )


def may_plan(user: User) -> bool:
    """Create inspection plans (officers and managers of a province, administrators)."""
    return (
        user is not None
        and user.is_authenticated
        and user.may(Action.CHANGE)
        and role_of(user) in EDITORS | {Role.ADMIN}
    )


def may_edit_plan(user: User, plan: InspectionPlan) -> bool:
    return may_plan(user) and _in_scope(user, plan, Action.CHANGE)


def may_create_inspection(user: User) -> bool:
    return _writer(user)


def _user_commune_ids(user: User) -> set[int]:
    cached = getattr(user, "_monitoring_communes", None)
    if cached is None:
        cached = set(user.communes.values_list("pk", flat=True))
        user._monitoring_communes = cached
    return cached


def project_in_communes(project: Project, commune_ids: set[int]) -> bool:
    """One of the project's places, or a beneficiary's commune, is among `commune_ids`."""
    if not commune_ids:
        return False
    return (
        project.communes.filter(pk__in=commune_ids).exists()
        or project.establishments.filter(commune_id__in=commune_ids).exists()
    )


def subject_within_reach(
    user: User, *, project: Project | None = None, establishment: Establishment | None = None
) -> bool:
    """Whether `user` may record for this subject: administrators anywhere; provincial officers
    and managers in their province; collaborators when the establishment is in one of their
    communes, or the project has a place or a beneficiary there."""
    role = role_of(user)
    if not _writer(user):
        return False
    if role == Role.ADMIN:
        return True
    subject = project if project is not None else establishment
    if subject is None:
        return False
    if role in EDITORS:
        return subject.province_id == user.province_id
    communes = _user_commune_ids(user)
    if establishment is not None and establishment.commune_id in communes:
        return True
    return project is not None and project_in_communes(project, communes)


def may_record(user: User, inspection: Inspection) -> bool:
    """Change the inspection, record the visit, add findings, photos and follow-ups."""
    return (
        inspection.status != InspectionStatus.CANCELLED
        and _in_scope(user, inspection)
        and subject_within_reach(
            user, project=inspection.project, establishment=inspection.establishment
        )
    )


def may_add_to(user: User, inspection: Inspection) -> bool:
    """Findings, photos and follow-ups: once the visit is recorded."""
    return inspection.status == InspectionStatus.DONE and may_record(user, inspection)


def may_edit_follow_up(user: User, follow_up: FollowUp) -> bool:
    return follow_up.status == FollowUpStatus.OPEN and may_add_to(user, follow_up.inspection)


def may_record_survey(user: User, survey: Survey) -> bool:
    return (
        _writer(user)
        and role_of(user) != Role.MINISTRY_OFFICER
        and _in_scope(user, survey, Action.CHANGE)
    )


def may_create_survey(user: User) -> bool:
    return _writer(user)


def _check(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not change this record."))


# --- GPS -----------------------------------------------------------------------------------------


def _coordinate(value: Any, field: str, low: int, high: int, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        errors[field] = _("Enter a number, e.g. 20.936921.")
        return None
    if not number.is_finite() or not low <= number <= high:
        errors[field] = _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high}
        return None
    return number.quantize(Decimal("0.000001"))


def clean_gps(latitude: Any, longitude: Any) -> tuple[Decimal | None, Decimal | None]:
    """Both coordinates or neither, within -90..90 and -180..180 (six decimals kept)."""
    errors: dict[str, str] = {}
    lat = _coordinate(latitude, "latitude", -90, 90, errors)
    lon = _coordinate(longitude, "longitude", -180, 180, errors)
    if not errors and (lat is None) != (lon is None):
        missing = "longitude" if lon is None else "latitude"
        errors[missing] = _("Enter both the latitude and the longitude, or neither.")
    if errors:
        raise ValidationError(errors)
    return lat, lon


def outside_vietnam(latitude: Decimal | None, longitude: Decimal | None) -> bool:
    """A point far from Vietnam (a typing slip, or latitude and longitude swapped)."""
    if latitude is None or longitude is None:
        return False
    (lat_low, lat_high), (lon_low, lon_high) = VIETNAM_BOX["lat"], VIETNAM_BOX["lon"]
    return not (lat_low <= latitude <= lat_high and lon_low <= longitude <= lon_high)


def gps_warning(inspection: Inspection) -> str:
    if outside_vietnam(inspection.latitude, inspection.longitude):
        return _(
            "The GPS point (%(lat)s, %(lon)s) is outside Vietnam: check that the latitude and "
            "longitude are not swapped."
        ) % {"lat": inspection.latitude, "lon": inspection.longitude}
    return ""
