"""The project record: its code, creating and updating it (and a historical one), and the checks of
its values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import Organisation, User
from khuyencong.accounts.roles import Role
from khuyencong.core.concurrency import claim_version
from khuyencong.core.services import write
from khuyencong.policy.models import Programme
from khuyencong.policy.selectors import legal_basis_for_projects_on
from khuyencong.projects import support
from khuyencong.projects.models import Project, ProjectSequence, Status
from khuyencong.projects.services.permissions import (
    _in_scope,
    check_allowed,
    may_create,
    may_edit,
    role_of,
)
from khuyencong.projects.workflow import EDITORS

DEFAULT_CODE_FORMAT = "{programme}-{province}-{year}-{number:03d}"
PROGRAMME_CODES = {Programme.NATIONAL: "QG", Programme.LOCAL: "DP"}

PROJECT_FIELDS = (
    "title",
    "programme",
    "year",
    "province",
    "activity_content",
    "lead_unit",
    "implementing_unit",
    "establishments",
    "craft_villages",
    "communes",
    "planned_start",
    "planned_end",
    "is_pilot",
    "is_group",
    "is_multi_year",
    "objectives",
    "description",
    "officers",
    "support_rule",
    "eligible_cost_vnd",
    "support_units",
)
# What an amendment may change (budget, schedule, beneficiaries, places).
AMENDABLE_FIELDS = frozenset(
    {
        "establishments",
        "craft_villages",
        "communes",
        "planned_start",
        "planned_end",
        "eligible_cost_vnd",
        "support_units",
    }
)
# Set by the import of historical lists only.
HISTORICAL_FIELDS = ("province_then", "districts_then", "communes_then", "is_historical")
M2M_FIELDS = ("establishments", "craft_villages", "communes", "officers", *HISTORICAL_FIELDS[1:3])


def next_code(*, province, year: int, programme: str) -> str:
    """The next code of the province and year, in the configured format (never reused)."""
    return next_codes(province=province, year=year, programmes=[programme])[0]


def next_codes(*, province, year: int, programmes: list[str]) -> list[str]:
    """The next codes of the province and year, one per programme given, in order."""
    sequence, _created = ProjectSequence.objects.select_for_update().get_or_create(
        province=province, year=year
    )
    ProjectSequence.objects.filter(pk=sequence.pk).update(last=F("last") + len(programmes))
    sequence.refresh_from_db()
    first = sequence.last - len(programmes) + 1
    pattern = getattr(settings, "KC_PROJECT_CODE_FORMAT", "") or DEFAULT_CODE_FORMAT
    return [
        pattern.format(
            programme=PROGRAMME_CODES.get(programme, programme.upper()),
            province=province.code,
            year=year,
            number=number,
        )
        for number, programme in enumerate(programmes, start=first)
    ]


def _text(values: dict[str, Any], key: str) -> str:
    return " ".join(str(values.get(key) or "").split())


def _clean(values: dict[str, Any], *, user: User, project: Project | None) -> dict[str, Any]:
    """Check a project's values; raise one ValidationError with every problem by field."""
    errors: dict[str, Any] = {}
    cleaned = dict(values)
    cleaned["title"] = _text(values, "title")
    if not cleaned["title"]:
        errors["title"] = _("Enter the title.")
    if cleaned.get("programme") not in Programme.values:
        errors["programme"] = _("Choose the programme.")
    year = cleaned.get("year")
    this_year = timezone.localdate().year
    if year is None or not 2000 <= year <= this_year + 5:
        errors["year"] = _("Enter a year between %(a)d and %(b)d.") % {
            "a": 2000,
            "b": this_year + 5,
        }
    province = cleaned.get("province")
    if province is None:
        errors["province"] = _("Choose the province.")
    elif province.valid_to is not None:
        errors["province"] = _("Choose a province in force today (after 1 July 2025).")
    elif (
        role_of(user) not in {Role.ADMIN, Role.MINISTRY_OFFICER} and province.pk != user.province_id
    ):
        errors["province"] = _("You may only create projects of your own province.")
    content = cleaned.get("activity_content")
    historical = bool(cleaned.get("is_historical"))
    if content is None:
        errors["activity_content"] = _("Choose the activity content.")
    elif not content.legal_basis.is_project_basis:
        errors["activity_content"] = _("This content is not of a decree on industrial extension.")
    elif not historical and (project is None or project.approved_on is None):
        basis = legal_basis_for_projects_on(timezone.localdate())
        if basis is not None and content.legal_basis_id != basis.pk:
            errors["activity_content"] = _(
                "New projects are approved under %(basis)s: choose one of its contents."
            ) % {"basis": basis.number}
    start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
    if start and end and end < start:
        errors["planned_end"] = _("The planned end must not be before the planned start.")
    for key in ("eligible_cost_vnd",):
        value = cleaned.get(key)
        if value is not None and (value < 0 or Decimal(value) != int(value)):
            errors[key] = _("Enter a whole number of đồng that is not negative.")
    units = cleaned.get("support_units")
    if units is None:
        cleaned["support_units"] = 1
    elif units < 1:
        errors["support_units"] = _("Enter at least 1.")
    if province is not None and "province" not in errors:
        _check_same_province(cleaned, province, errors)
    for key in ("objectives", "description"):
        cleaned[key] = str(values.get(key) or "").strip()
    if len(cleaned["title"]) > 500:
        errors["title"] = _("At most %(n)d characters.") % {"n": 500}
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_same_province(cleaned: dict[str, Any], province, errors: dict[str, Any]) -> None:
    """Beneficiaries, places, units and officers must belong to the project's province."""
    outside = [e.name for e in cleaned.get("establishments") or [] if e.province_id != province.pk]
    if outside:
        errors["establishments"] = _("Not in the project's province: %(names)s.") % {
            "names": ", ".join(outside)
        }
    outside = [v.name for v in cleaned.get("craft_villages") or [] if v.province_id != province.pk]
    if outside:
        errors["craft_villages"] = _("Not in the project's province: %(names)s.") % {
            "names": ", ".join(outside)
        }
    communes = cleaned.get("communes") or []
    if any(c.province_id != province.pk or c.valid_to is not None for c in communes):
        errors["communes"] = _("Choose today's communes of the project's province.")
    for key in ("lead_unit", "implementing_unit"):
        unit: Organisation | None = cleaned.get(key)
        if unit is not None and unit.province_id not in (None, province.pk):
            errors[key] = _("This organisation belongs to another province.")
    officers = [
        u.get_full_name() or u.username
        for u in cleaned.get("officers") or []
        if u.province_id not in (None, province.pk)
        or role_of(u) in {Role.ESTABLISHMENT, Role.COLLABORATOR}
    ]
    if officers:
        errors["officers"] = _("Not an officer of the project's province: %(names)s.") % {
            "names": ", ".join(officers)
        }


def _check_rule(project: Project) -> None:
    rule = project.support_rule
    if rule is None:
        return
    if not support.rules_for(project).filter(pk=rule.pk).exists():
        raise ValidationError(
            {"support_rule": _("This support rule does not apply to this project's content.")}
        )


def _fill(project: Project, values: dict[str, Any]) -> dict[str, list]:
    """Set the checked values on the project; return the many-to-many ones, set once saved."""
    m2m = {k: values.pop(k) for k in M2M_FIELDS if k in values}
    for key, value in values.items():
        setattr(project, key, value)
    if "activity_content" in values and values["activity_content"] is not None:
        project.legal_basis = values["activity_content"].legal_basis
    return m2m


def _apply(project: Project, values: dict[str, Any]) -> None:
    m2m = _fill(project, values)
    project.full_clean(exclude=["code", "search_key", "legal_basis", "activity_content"])
    project.save()
    for key, value in m2m.items():
        getattr(project, key).set(value or [])


@write
def project_create(*, by: User, **values: Any) -> Project:
    check_allowed(may_create(by))
    unknown = set(values) - set(PROJECT_FIELDS) - set(HISTORICAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    cleaned = _clean(values, user=by, project=None)
    project = Project(
        code=next_code(
            province=cleaned["province"], year=cleaned["year"], programme=cleaned["programme"]
        )
    )
    _apply(project, cleaned)
    _check_rule(project)
    if not project.is_historical and role_of(by) in EDITORS and not project.officers.exists():
        project.officers.add(by)
    return project


# Relations a caller passes as objects read from the database: not read again to check them.
_RELATIONS = [f.name for f in Project._meta.concrete_fields if f.is_relation]


def new_historical_project(*, by: User, **values: Any) -> tuple[Project, dict[str, list]]:
    """A project of an earlier list, checked as `project_create` checks a project and filled,
    but not saved, with its many-to-many values: for code that saves many at once (the import
    of a list), which gives them their codes, saves them and writes their change log.

    Raises ValidationError with every problem, PermissionDenied when `by` may not create."""
    check_allowed(may_create(by))
    unknown = set(values) - set(PROJECT_FIELDS) - set(HISTORICAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    cleaned = _clean({**values, "is_historical": True}, user=by, project=None)
    project = Project()
    m2m = _fill(project, cleaned)
    # The relations are objects read from the database; `_clean` checks what the constraints
    # say (dates in order, at least one unit) and the code is unique by its sequence.
    project.full_clean(
        exclude=[*_RELATIONS, "code", "search_key"],
        validate_unique=False,
        validate_constraints=False,
    )
    _check_rule(project)
    return project, m2m


@write
def historical_project_update(
    *, project: Project, by: User, expected_version: int, **values: Any
) -> Project:
    """Correct a project of an earlier list (imported), whatever its status: the same checks
    as a new one. Its life cycle is not replayed; the import's `record_historical` writes the
    status and money of the list."""
    check_allowed(may_create(by) and project.is_historical and _in_scope(by, project))
    unknown = set(values) - set(PROJECT_FIELDS) - set(HISTORICAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values = {**_current_values(project, exclude=values), **values}
    cleaned = _clean(values, user=by, project=project)
    if cleaned["province"].pk != project.province_id:
        raise ValidationError({"province": _("A project cannot move to another province.")})
    claim_version(project, expected_version)
    _apply(project, cleaned)
    return project


@write
def project_update(*, project: Project, by: User, expected_version: int, **values: Any) -> Project:
    check_allowed(may_edit(by, project))
    unknown = set(values) - set(PROJECT_FIELDS) - set(HISTORICAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if project.status == Status.AMENDMENT_REQUESTED:
        changed = {
            k for k in values if k not in AMENDABLE_FIELDS and _differs(project, k, values[k])
        }
        if changed:
            message = _("An amendment may change the schedule, beneficiaries, places and money.")
            raise ValidationError(dict.fromkeys(changed, message))
    values = {**_current_values(project, exclude=values), **values}
    cleaned = _clean(values, user=by, project=project)
    if cleaned["province"].pk != project.province_id:
        raise ValidationError({"province": _("A project cannot move to another province.")})
    claim_version(project, expected_version)
    _apply(project, cleaned)
    _check_rule(project)
    support.check_cap(project, justification=project.cap_justification, user=by)
    return project


def _current_values(project: Project, *, exclude) -> dict[str, Any]:
    """The project's stored values of the fields an update does not name (partial updates)."""
    current = {}
    for key in (*PROJECT_FIELDS, *HISTORICAL_FIELDS):
        if key in exclude:
            continue
        if key in M2M_FIELDS:
            current[key] = list(getattr(project, key).all())
        else:
            current[key] = getattr(project, key)
    return current


def _differs(project: Project, key: str, value: Any) -> bool:
    if key in M2M_FIELDS:
        return {o.pk for o in value or []} != set(
            getattr(project, key).values_list("pk", flat=True)
        )
    return getattr(project, key) != value
