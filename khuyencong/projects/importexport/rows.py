"""Reading one row against the database: the cells that depend on other cells (the province of
the time, the activity content in force on the row's date, the places in the province, the
beneficiaries of the province) are resolved once the whole row is known, so the order of the
columns does not matter. The result, a `ProjectRow`, says what to write and how to compare."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.importexport.columns import CellError
from khuyencong.geo.models import District
from khuyencong.policy.models import ActivityContent, FundingSource, LegalBasis
from khuyencong.projects.importexport.errors import add_error
from khuyencong.projects.importexport.historical import HISTORICAL_STATUSES
from khuyencong.projects.importexport.lookups import (
    basis_for_projects_on,
    find_beneficiary,
    find_content,
    find_place,
    find_province_then,
)
from khuyencong.projects.models import Project, Status


@dataclass
class ProjectRow:
    """A row read against the database: what to write and how to compare."""

    historical: bool
    day: datetime.date | None
    basis: LegalBasis | None
    fields: dict[str, Any] = field(default_factory=dict)
    amounts: dict[FundingSource, int | None] = field(default_factory=dict)
    record: dict[str, Any] = field(default_factory=dict)


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _distinct(found: list) -> list:
    """Each row once, in the order of the cell (a cell may name one twice, by two names)."""
    return list({item.pk: item for item in found}.values())


def _parts(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def read_row(
    values: dict[str, Any],
    *,
    user: Any,
    existing: Project | None,
    amount_columns: dict[str, FundingSource],
) -> ProjectRow:
    """Resolve the cells that need the whole row; raise every problem at once.

    `amount_columns`: the amount columns of the spec, by name, with their funding sources."""
    errors: dict[str, list[str]] = {}
    historical = existing is None or existing.is_historical
    year = values.get("year") or (existing.year if existing else None)
    approved_on = values.get("approved_on", existing.approved_on if existing else None)
    day = approved_on or (datetime.date(year, 7, 1) if year else None)
    basis = basis_for_projects_on(day) if historical and day else None
    if historical and day and basis is None:
        add_error(
            errors,
            "approved_on" if approved_on else "year",
            _("No decree on industrial extension was in force on %(day)s.") % {"day": _day(day)},
        )
    if historical and approved_on and approved_on > timezone.localdate():
        add_error(errors, "approved_on", _("The decision date cannot be in the future."))
    row = ProjectRow(historical=historical, day=day, basis=basis)

    # Province (today's) and, for old rows, the province as recorded then.
    province = province_then = None
    text = values.get("province") or ""
    if not text and existing is not None:
        province, province_then = existing.province, existing.province_then
    else:
        if not text and getattr(user, "province", None) is not None:
            text = user.province.name
        if not text:
            add_error(errors, "province", _("Enter the province."))
        else:
            found = find_province_then(text, day=day, historical=historical)
            if found is None:
                add_error(
                    errors,
                    "province",
                    _("No province or city called “%(value)s”.") % {"value": text},
                )
            else:
                province, province_then = found
    if province is not None:
        row.fields["province"] = province
        if historical:
            row.fields["province_then"] = province_then

    # Activity content: of the legal basis in force on the row's date.
    text = values.get("activity_content") or ""
    if text:
        lookup_basis = basis if historical else (existing.legal_basis if existing else None)
        content = find_content(text, lookup_basis)
        if content is None:
            add_error(
                errors,
                "activity_content",
                _(
                    "“%(value)s” is not an activity content: write its code (e.g. 235-1) "
                    "or its exact name."
                )
                % {"value": text},
            )
        elif basis is not None and content.legal_basis_id != basis.pk:
            codes = ", ".join(
                ActivityContent.objects.filter(legal_basis=basis)
                .order_by("order", "code")
                .values_list("code", flat=True)
            )
            add_error(
                errors,
                "activity_content",
                _(
                    "%(content)s is a content of %(its)s, but on %(day)s projects were "
                    "approved under %(basis)s: choose one of its contents (%(codes)s)."
                )
                % {
                    "content": content.code,
                    "its": content.legal_basis.number,
                    "day": _day(day),
                    "basis": basis.number,
                    "codes": codes,
                },
            )
        elif basis is not None and not content.is_in_force_on(day):
            add_error(
                errors,
                "activity_content",
                _("%(content)s was not in force on %(day)s.")
                % {"content": content.code, "day": _day(day)},
            )
        else:
            row.fields["activity_content"] = content

    for key in ("title", "programme", "year", "planned_start", "planned_end"):
        if key in values:
            row.fields[key] = values[key]

    if "establishments" in values and province is not None:
        found = []
        for part in _parts(values["establishments"]):
            try:
                found.append(find_beneficiary(part, user=user, province=province))
            except CellError as error:
                add_error(errors, "establishments", str(error))
        row.fields["establishments"] = _distinct(found)

    if "places" in values and province is not None:
        communes, districts_then, communes_then = [], [], []
        for part in _parts(values["places"]):
            try:
                unit = find_place(part, province=province, province_then=province_then)
            except CellError as error:
                add_error(errors, "places", str(error))
                continue
            if isinstance(unit, District):
                districts_then.append(unit)
            elif unit.is_current:
                communes.append(unit)
            else:
                communes_then.append(unit)
        if (districts_then or communes_then) and not historical:
            add_error(
                errors,
                "places",
                _(
                    "Units before 1/7/2025 are kept for historical projects only: write "
                    "today's communes."
                ),
            )
        row.fields["communes"] = _distinct(communes)
        if historical:
            row.fields["districts_then"] = _distinct(districts_then)
            row.fields["communes_then"] = _distinct(communes_then)

    for name, source in amount_columns.items():
        if name in values:
            row.amounts[source] = values[name] or None

    for key in ("status", "approval_number", "approved_on"):
        if key in values:
            row.record[key] = values[key]
    status = values.get("status") or ""
    if historical and existing is None and not status:
        add_error(
            errors,
            "status",
            _("Enter the status of the project, e.g. Closed."),
        )
    if historical and status and status not in HISTORICAL_STATUSES:
        add_error(
            errors,
            "status",
            _("A project of an earlier list is recorded as one of: %(allowed)s.")
            % {"allowed": "; ".join(str(Status(s).label) for s in HISTORICAL_STATUSES)},
        )
    if errors:
        raise ValidationError(errors)
    return row
