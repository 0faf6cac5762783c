"""A project's money: the budget by funding source, and its transactions (disbursements,
refunds)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.core.concurrency import claim_version
from khuyencong.core.formatting import vnd
from khuyencong.core.services import write
from khuyencong.projects import money, support
from khuyencong.projects.models import BudgetLine, MoneyMovement, Project
from khuyencong.projects.services.permissions import (
    budget_column,
    check_allowed,
    may_record_money,
)


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
