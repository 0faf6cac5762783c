"""Projects of an earlier list: the statuses they may be recorded in, and `record_historical`,
which writes their money, status and approval as the list says, without driving them through the
life cycle, and records the import as one event."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khuyencong.core.actor import acting_as
from khuyencong.core.history import record_event
from khuyencong.projects.importexport.errors import add_error
from khuyencong.projects.models import BudgetLine, MoneyMovement, Project, Status

if TYPE_CHECKING:
    from khuyencong.projects.importexport.rows import ProjectRow

IMPORTED_EVENT = "project.imported"

# The states a project of an earlier list may be recorded in (it is not driven to them).
HISTORICAL_STATUSES = (
    Status.APPROVED,
    Status.IN_PROGRESS,
    Status.SUSPENDED,
    Status.ACCEPTED,
    Status.SETTLED,
    Status.CLOSED,
    Status.REJECTED,
    Status.CANCELLED,
)


def record_historical(project: Project, row: ProjectRow, *, user: Any, action: str) -> Project:
    """Write what a historical list says of a project's money, status and approval, as `user`,
    and record the import as one event. Call inside the import's transaction.

    Each budget line is proposed = approved = the amount; an empty amount removes the source
    (unless money was paid from it). The legal basis is the one in force on the row's date."""
    errors: dict[str, list[str]] = {}
    with acting_as(user):
        lines = {line.source_id: line for line in BudgetLine.objects.filter(project=project)}
        paid = set(
            MoneyMovement.objects.filter(project=project).values_list("source_id", flat=True)
        )
        for source, amount in row.amounts.items():
            line = lines.get(source.pk)
            if not amount:
                if line is None:
                    continue
                if source.pk in paid:
                    add_error(
                        errors,
                        f"amount_{source.code}",
                        _("Money was paid from this source: it cannot be removed."),
                    )
                    continue
                line.delete()
                continue
            line = line or BudgetLine(project=project, source=source)
            line.proposed_vnd = amount
            line.approved_vnd = amount
            line.revised_vnd = None
            line.save()
        if errors:
            raise ValidationError(errors)
        apply_record(project, row)
        project.save()
        record_event(project, IMPORTED_EVENT, data=imported_event_data(project, row, action))
    return project


def imported_event_data(project: Project, row: ProjectRow, action: str) -> dict[str, Any]:
    """What the import event of a project records: what the list said of it."""
    return {
        "action": action,
        "status": project.status,
        "approval_number": project.approval_number,
        "approved_on": project.approved_on,
        "legal_basis": project.legal_basis.number,
        "amounts": {s.code: a for s, a in row.amounts.items() if a},
    }


def apply_record(project: Project, row: ProjectRow) -> None:
    """Set the status, approval and legal basis the list gives (not saved)."""
    for key, value in row.record.items():
        if key == "status" and not value:
            continue
        setattr(project, key, value)
    if row.basis is not None:
        project.legal_basis = row.basis
