"""A project's outputs: the targets planned in a draft, the actuals reported during the work."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.core.concurrency import claim_version
from khuyencong.core.formatting import format_number
from khuyencong.core.services import write
from khuyencong.projects.models import Project, ProjectOutput
from khuyencong.projects.services.permissions import check_allowed, output_columns


@write
def outputs_save(
    *, project: Project, by: User, expected_version: int, rows: list[dict[str, Any]]
) -> None:
    """Replace the planned outputs (draft) or set their actuals (during the work). Each row:
    indicator, target, actual, note."""
    columns = output_columns(by, project)
    check_allowed(bool(columns))
    errors = []
    seen = set()
    for row in rows:
        indicator = row["indicator"]
        if indicator.pk in seen:
            errors.append(_("%(name)s is listed twice.") % {"name": indicator})
        seen.add(indicator.pk)
        for key in ("target", "actual"):
            value = row.get(key)
            if value is not None and value < 0:
                errors.append(_("%(name)s: the numbers cannot be negative.") % {"name": indicator})
        if "target" in columns and row.get("target") is None:
            errors.append(_("%(name)s: enter the target.") % {"name": indicator})
    errors += _parts_errors(project, rows, columns)
    if errors:
        raise ValidationError({"outputs": errors})
    claim_version(project, expected_version)
    project.save(update_fields=["version"])
    existing = {o.indicator_id: o for o in ProjectOutput.objects.filter(project=project)}
    if "target" in columns:
        for indicator_id, output in existing.items():
            if indicator_id not in seen:
                output.delete()
    for row in rows:
        output = existing.get(row["indicator"].pk)
        if output is None:
            if "target" not in columns:
                raise ValidationError({"outputs": _("New outputs can only be planned in a draft.")})
            output = ProjectOutput(project=project, indicator=row["indicator"])
        for key in columns:
            setattr(output, key, row.get(key))
        if "target" in columns:
            output.note = (row.get("note") or "").strip()
        output.save()


def _parts_errors(project: Project, rows: list[dict[str, Any]], columns: set[str]) -> list[str]:
    """A part (women trained) may not exceed its whole (trained), in targets or actuals."""
    values = {
        o.indicator_id: {"target": o.target, "actual": o.actual}
        for o in ProjectOutput.objects.filter(project=project)
    }
    if "target" in columns:
        values = {}
    for row in rows:
        current = values.setdefault(row["indicator"].pk, {})
        for key in columns:
            current[key] = row.get(key)
    indicators = {row["indicator"].pk: row["indicator"] for row in rows}
    indicators.update(
        {o.indicator_id: o.indicator for o in project.outputs.select_related("indicator")}
    )
    errors = []
    for pk, part in indicators.items():
        whole_id = part.part_of_id
        if whole_id is None or whole_id not in values or pk not in values:
            continue
        for key, label in (("target", _("target")), ("actual", _("actual"))):
            mine, whole = values[pk].get(key), values[whole_id].get(key)
            if mine is not None and whole is not None and mine > whole:
                errors.append(
                    _("%(part)s (%(what)s %(value)s) cannot be more than %(whole)s (%(total)s).")
                    % {
                        "part": part.name,
                        "what": label,
                        "value": format_number(mine, 2, trim=True),
                        "whole": indicators[whole_id].name,
                        "total": format_number(whole, 2, trim=True),
                    }
                )
    return errors
