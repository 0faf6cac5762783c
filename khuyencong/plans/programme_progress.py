"""A programme's progress against its targets: over the projects kept in the programme's annual
plans, the sum of their planned outputs and of the actual results reported, per indicator.

Computed in SQL (one aggregate query, whatever the number of plans and projects) and always
within the reader's scope: a provincial user sees their province's part of the national
programme, the ministry the whole country.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from khuyencong.accounts.models import User
from khuyencong.core.scope import restrict
from khuyencong.plans.models import PlanItem, Programme, ProgrammeTarget
from khuyencong.projects.models import ProjectOutput
from khuyencong.projects.models import Status as ProjectStatus

# Projects that will never deliver what they planned.
NOT_COUNTED = (ProjectStatus.CANCELLED, ProjectStatus.REJECTED)


@dataclass
class TargetProgress:
    indicator_id: int
    name: str
    unit: str
    order: int
    target: Decimal | None = None
    planned: Decimal | None = None
    actual: Decimal | None = None

    @staticmethod
    def _share(value: Decimal | None, of: Decimal | None) -> Decimal | None:
        if value is None or not of:
            return None
        return (Decimal(value) * 100 / Decimal(of)).quantize(Decimal("0.1"))

    @property
    def planned_share(self) -> Decimal | None:
        """Planned outputs as a percentage of the target."""
        return self._share(self.planned, self.target)

    @property
    def actual_share(self) -> Decimal | None:
        """Actual results as a percentage of the target."""
        return self._share(self.actual, self.target)


def programme_progress(*, programme: Programme, user: User) -> list[TargetProgress]:
    """Per indicator with a target or with outputs: the target, planned and actual sums."""
    kept = PlanItem.objects.filter(plan__programme=programme, is_selected=True)
    # IN (subquery), not a join: a project carried over into a second plan counts once.
    outputs = (
        restrict(ProjectOutput.objects.all(), user)
        .filter(project_id__in=kept.values("project_id"))
        .exclude(project__status__in=NOT_COUNTED)
        .values("indicator", "indicator__name", "indicator__unit", "indicator__order")
        .annotate(planned=Sum("target"), actual=Sum("actual"))
        .order_by()
    )
    rows: dict[int, TargetProgress] = {}
    for target in ProgrammeTarget.objects.filter(programme=programme).select_related("indicator"):
        rows[target.indicator_id] = TargetProgress(
            indicator_id=target.indicator_id,
            name=target.indicator.name,
            unit=target.indicator.unit,
            order=target.indicator.order,
            target=target.target,
        )
    for output in outputs:
        row = rows.setdefault(
            output["indicator"],
            TargetProgress(
                indicator_id=output["indicator"],
                name=output["indicator__name"],
                unit=output["indicator__unit"],
                order=output["indicator__order"],
            ),
        )
        row.planned = output["planned"]
        row.actual = output["actual"]
    return sorted(rows.values(), key=lambda row: (row.target is None, row.order, row.name))
