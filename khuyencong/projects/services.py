"""Every write to a project: the record, its budget, outputs, transactions, documents and its
life-cycle actions. Each is one transaction; a refusal raises with the reason next to the field."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import Organisation, User
from khuyencong.accounts.roles import Action, Role
from khuyencong.core.concurrency import claim_version
from khuyencong.core.formatting import format_number, vnd
from khuyencong.core.scope import restrict
from khuyencong.core.services import write
from khuyencong.core.workflow import TransitionRefused
from khuyencong.policy.models import Programme
from khuyencong.policy.selectors import legal_basis_for_projects_on
from khuyencong.projects import money, support
from khuyencong.projects.models import (
    EDITABLE_STATES,
    ENDED_STATES,
    MONEY_STATES,
    BudgetLine,
    DocumentKind,
    MoneyMovement,
    Project,
    ProjectDocument,
    ProjectOutput,
    ProjectSequence,
    Status,
)
from khuyencong.projects.workflow import (
    ATTACHMENT_KIND,
    EDITORS,
    MINISTRY,
    PROJECT_WORKFLOW,
    REQUIRED_DOCUMENTS,
)

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


def role_of(user: User) -> str:
    return Role.ADMIN if user.is_superuser else user.role


def _in_scope(user: User, instance: Model, action: str = Action.CHANGE) -> bool:
    return restrict(type(instance)._default_manager.filter(pk=instance.pk), user, action).exists()


# --- who may do what --------------------------------------------------------------------------


def may_create(user: User) -> bool:
    return (
        user.is_authenticated
        and user.may(Action.CHANGE)
        and role_of(user) in EDITORS | {Role.ADMIN}
    )


def may_edit(user: User, project: Project) -> bool:
    """The record itself: everything while a draft, the amendable parts during an amendment."""
    return (
        may_create(user)
        and project.status in EDITABLE_STATES | {Status.AMENDMENT_REQUESTED}
        and _in_scope(user, project)
    )


def budget_column(user: User, project: Project) -> str | None:
    """Which amount of the budget the user may set now: proposed (draft), approved (during
    appraisal, by the approver) or revised (during an amendment); None: none."""
    role = role_of(user)
    if not user.is_authenticated or not _in_scope(user, project):
        return None
    if project.status in EDITABLE_STATES and role in EDITORS | {Role.ADMIN}:
        return "proposed_vnd"
    if project.status in (Status.SUBMITTED, Status.APPRAISED) and role in {
        Role.PROVINCIAL_MANAGER,
        Role.ADMIN,
    }:
        return "approved_vnd"
    if project.status == Status.SENT_TO_MINISTRY and role in MINISTRY | {Role.ADMIN}:
        return "approved_vnd"
    if project.status == Status.AMENDMENT_REQUESTED and role in EDITORS | {Role.ADMIN}:
        return "revised_vnd"
    return None


def output_columns(user: User, project: Project) -> set[str]:
    if not may_create(user) or not _in_scope(user, project):
        return set()
    if project.status in EDITABLE_STATES:
        return {"target", "actual"}
    if project.status in ACTUAL_STATES:
        return {"actual"}
    return set()


# States in which results are reported: during the work, at acceptance and later (jobs, revenue).
ACTUAL_STATES = frozenset(
    {
        Status.IN_PROGRESS,
        Status.AMENDMENT_REQUESTED,
        Status.SUSPENDED,
        Status.ACCEPTED,
        Status.SETTLED,
    }
)


def may_record_money(user: User, project: Project) -> bool:
    return may_create(user) and project.status in MONEY_STATES and _in_scope(user, project)


def may_upload(user: User, project: Project) -> bool:
    role = role_of(user)
    return (
        user.is_authenticated
        and user.may(Action.CHANGE)
        and role in EDITORS | MINISTRY | {Role.ADMIN}
        and project.status not in ENDED_STATES
        and _in_scope(user, project)
    )


def check_allowed(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this project now."))


# --- the record -------------------------------------------------------------------------------


def next_code(*, province, year: int, programme: str) -> str:
    """The next code of the province and year, in the configured format (never reused)."""
    sequence, _created = ProjectSequence.objects.select_for_update().get_or_create(
        province=province, year=year
    )
    ProjectSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db()
    pattern = getattr(settings, "KC_PROJECT_CODE_FORMAT", "") or DEFAULT_CODE_FORMAT
    return pattern.format(
        programme=PROGRAMME_CODES.get(programme, programme.upper()),
        province=province.code,
        year=year,
        number=sequence.last,
    )


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


def _apply(project: Project, values: dict[str, Any]) -> None:
    m2m = {k: values.pop(k) for k in M2M_FIELDS if k in values}
    for key, value in values.items():
        setattr(project, key, value)
    if "activity_content" in values and values["activity_content"] is not None:
        project.legal_basis = values["activity_content"].legal_basis
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
    if not project.officers.exists() and role_of(by) in EDITORS and not project.is_historical:
        project.officers.add(by)
    return project


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


# --- money ------------------------------------------------------------------------------------


@write
def budget_save(
    *,
    project: Project,
    by: User,
    expected_version: int,
    amounts: dict[Any, int | None],
    cap_justification: str = "",
) -> None:
    """Set this stage's amount per funding source (`amounts` maps a FundingSource to whole VND;
    None or absent leaves a source out). Bumps the project's version."""
    column = budget_column(by, project)
    check_allowed(column is not None)
    errors = []
    for source, amount in amounts.items():
        if amount is not None and (amount < 0 or int(amount) != amount):
            errors.append(
                _("%(source)s: enter a whole number of đồng that is not negative.")
                % {"source": source}
            )
    if errors:
        raise ValidationError({"amounts": errors})
    claim_version(project, expected_version)
    project.save(update_fields=["version"])
    lines = {line.source_id: line for line in BudgetLine.objects.filter(project=project)}
    for source, amount in amounts.items():
        line = lines.get(source.pk)
        if line is None:
            if not amount:
                continue
            if column != "proposed_vnd" and column != "revised_vnd":
                raise ValidationError(
                    {"amounts": _("%(source)s was not proposed.") % {"source": source}}
                )
            line = BudgetLine(project=project, source=source)
        elif column == "proposed_vnd" and not amount:
            line.delete()
            continue
        setattr(line, column, amount if column != "proposed_vnd" else (amount or 0))
        line.save()
    support.check_cap(project, justification=cap_justification, user=by)
    if project.cap_justification:
        project.save(update_fields=["cap_justification"])


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


@write
def movement_add(
    *,
    project: Project,
    by: User,
    source,
    kind: str,
    date: datetime.date,
    document_number: str,
    amount_vnd: int,
    note: str = "",
) -> MoneyMovement:
    check_allowed(may_record_money(by, project))
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors: dict[str, str] = {}
    if kind not in MoneyMovement.Kind.values:
        errors["kind"] = _("Choose the kind of transaction.")
    if amount_vnd is None or amount_vnd <= 0 or int(amount_vnd) != amount_vnd:
        errors["amount_vnd"] = _("Enter a whole number of đồng above zero.")
    if date is None:
        errors["date"] = _("Enter the date.")
    elif date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    elif project.approved_on and date < project.approved_on:
        errors["date"] = _("The date cannot be before the approval (%(day)s).") % {
            "day": project.approved_on.strftime("%d/%m/%Y")
        }
    document_number = " ".join((document_number or "").split())
    if not document_number:
        errors["document_number"] = _("Enter the number of the voucher or document.")
    line = BudgetLine.objects.filter(project=project, source=source).first()
    if line is None:
        errors["source"] = _("This project has no budget from %(source)s.") % {"source": source}
    if errors:
        raise ValidationError(errors)
    disbursed = money.disbursed_by_source(project).get(source.pk, 0)
    after = disbursed - amount_vnd if kind == MoneyMovement.Kind.REFUND else disbursed + amount_vnd
    if after < 0:
        raise ValidationError(
            {
                "amount_vnd": _("The refund is more than was disbursed (%(d)s).")
                % {"d": vnd(disbursed)}
            }
        )
    if after > line.current_vnd:
        raise ValidationError(
            {
                "amount_vnd": _(
                    "This would bring the money disbursed from %(source)s to %(after)s, above "
                    "the approved %(approved)s."
                )
                % {"source": source, "after": vnd(after), "approved": vnd(line.current_vnd)}
            }
        )
    movement = MoneyMovement(
        project=project,
        source=source,
        kind=kind,
        date=date,
        document_number=document_number,
        amount_vnd=amount_vnd,
        note=(note or "").strip()[:300],
    )
    movement.full_clean()
    movement.save()
    return movement


# --- documents --------------------------------------------------------------------------------


@write
def document_add(
    *, project: Project, by: User, upload, document_kind: str, title: str = ""
) -> ProjectDocument:
    check_allowed(may_upload(by, project))
    if document_kind not in DocumentKind.values:
        raise ValidationError({"document_kind": _("Choose the type of document.")})
    document = ProjectDocument(
        project=project,
        document_kind=document_kind,
        title=" ".join((title or "").split())[:255],
    )
    info = document.fill_from_upload(upload, by=by)
    if document_kind == DocumentKind.PHOTO and info.kind not in {"jpg", "png"}:
        raise ValidationError({"upload": _("A photo must be a JPEG or PNG image.")})
    document.save()
    return document


@write
def document_remove(*, document: ProjectDocument, by: User) -> None:
    check_allowed(may_upload(by, document.project) and document.project.status in EDITABLE_STATES)
    document.file.delete(save=False)
    document.delete()


# --- life cycle -------------------------------------------------------------------------------


def missing_documents(project: Project, name: str) -> list[str]:
    present = set(project.documents.values_list("document_kind", flat=True))
    return [kind for kind in REQUIRED_DOCUMENTS.get(name, ()) if kind not in present]


@write
def project_transition(
    *,
    project: Project,
    by: User,
    name: str,
    expected_version: int | None = None,
    data: dict[str, Any] | None = None,
    attachment=None,
) -> Project:
    """Take a life-cycle action. An attachment is filed under the action's document type in
    the same transaction; the documents the action needs must be there."""
    data = dict(data or {})
    transition = PROJECT_WORKFLOW.get(name)
    reasons = PROJECT_WORKFLOW.reasons(project, by, transition)
    if reasons:
        raise TransitionRefused(reasons)
    if attachment is not None:
        kind = ATTACHMENT_KIND.get(name, DocumentKind.OTHER)
        document = document_add(project=project, by=by, upload=attachment, document_kind=kind)
        data.setdefault("event_data", {})["document"] = document.pk
    missing = missing_documents(project, name)
    if missing:
        labels = ", ".join(str(DocumentKind(kind).label) for kind in missing)
        raise ValidationError(
            {
                "attachment": _("Attach the %(documents)s (or upload it under Documents).")
                % {"documents": labels.lower()}
            }
        )
    if transition.name == "settle":
        data["settled"] = data.get("settled") or {}
    return PROJECT_WORKFLOW.perform(
        project, user=by, name=name, data=data, expected_version=expected_version
    )
