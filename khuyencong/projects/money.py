"""A project's money, always computed: per funding source, what was proposed, approved, revised,
disbursed (advances + payments + settlement payments minus refunds) and settled, and the gaps."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField, Case, F, Sum, Value, When
from django.utils.translation import gettext as _

from khuyencong.projects.models import BudgetLine, MoneyMovement, Project


@dataclass
class MoneyRow:
    source: object
    proposed_vnd: int = 0
    approved_vnd: int | None = None
    revised_vnd: int | None = None
    current_vnd: int = 0
    disbursed_vnd: int = 0
    settled_vnd: int | None = None

    @property
    def undisbursed_vnd(self) -> int:
        return self.current_vnd - self.disbursed_vnd

    @property
    def settlement_gap_vnd(self) -> int | None:
        """Approved (current) minus settled: what the state does not pay in the end."""
        if self.settled_vnd is None:
            return None
        return self.current_vnd - self.settled_vnd

    @property
    def is_state_budget(self) -> bool:
        return bool(getattr(self.source, "is_state_budget", False))


SIGNED_AMOUNT = Case(
    When(kind=MoneyMovement.Kind.REFUND, then=F("amount_vnd") * Value(-1)),
    default=F("amount_vnd"),
    output_field=BigIntegerField(),
)


def disbursed_by_source(project: Project) -> dict[int, int]:
    rows = (
        MoneyMovement.objects.filter(project=project)
        .values("source_id")
        .annotate(total=Sum(SIGNED_AMOUNT))
    )
    return {row["source_id"]: row["total"] or 0 for row in rows}


def money_rows(project: Project) -> list[MoneyRow]:
    """One row per funding source that has a budget line or a transaction (two queries)."""
    disbursed = disbursed_by_source(project)
    rows = []
    seen = set()
    for line in BudgetLine.objects.filter(project=project).select_related("source"):
        seen.add(line.source_id)
        rows.append(
            MoneyRow(
                source=line.source,
                proposed_vnd=line.proposed_vnd,
                approved_vnd=line.approved_vnd,
                revised_vnd=line.revised_vnd,
                current_vnd=line.current_vnd,
                disbursed_vnd=disbursed.get(line.source_id, 0),
                settled_vnd=line.settled_vnd,
            )
        )
    if set(disbursed) - seen:
        from khuyencong.policy.models import FundingSource

        for source in FundingSource.objects.filter(pk__in=set(disbursed) - seen):
            rows.append(MoneyRow(source=source, disbursed_vnd=disbursed[source.pk]))
    rows.sort(key=lambda row: (row.source.order, row.source.code))
    return rows


def _sum(values) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def money_total(rows: list[MoneyRow]) -> MoneyRow:
    return MoneyRow(
        source=None,
        proposed_vnd=sum(r.proposed_vnd for r in rows),
        approved_vnd=_sum(r.approved_vnd for r in rows),
        revised_vnd=_sum(r.revised_vnd for r in rows),
        current_vnd=sum(r.current_vnd for r in rows),
        disbursed_vnd=sum(r.disbursed_vnd for r in rows),
        settled_vnd=_sum(r.settled_vnd for r in rows),
    )


def state_support_vnd(project: Project, *, stage: str = "current") -> int:
    """State support (national and local funds) at a stage: proposed, approved or current."""
    lines = BudgetLine.objects.filter(project=project, source__is_state_budget=True)
    if stage == "proposed":
        return sum(line.proposed_vnd for line in lines)
    if stage == "approved":
        return sum(line.approved_vnd or 0 for line in lines)
    return sum(line.current_vnd for line in lines)


def approve_proposed_amounts(project: Project) -> None:
    """At approval, a line the approver did not change is approved as proposed."""
    for line in BudgetLine.objects.filter(project=project, approved_vnd__isnull=True):
        line.approved_vnd = line.proposed_vnd
        line.save()


def settle(project: Project, settled: dict[int, int | None]) -> None:
    """Write the settled amount of every budget line (keyed by funding-source id)."""
    errors = []
    lines = list(BudgetLine.objects.filter(project=project).select_related("source"))
    for line in lines:
        amount = settled.get(line.source_id)
        if amount is None:
            errors.append(_("Enter the settled amount for %(source)s.") % {"source": line.source})
        elif amount < 0:
            errors.append(
                _("The settled amount for %(source)s is negative.") % {"source": line.source}
            )
        elif amount > line.current_vnd:
            errors.append(
                _("The settled amount for %(source)s is more than approved.")
                % {"source": line.source}
            )
    if errors:
        raise ValidationError({"settled": errors})
    for line in lines:
        line.settled_vnd = settled[line.source_id]
        line.save()
