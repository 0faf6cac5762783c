"""Reads of projects, always within the reader's scope (`restrict` / `get_in_scope`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BigIntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import Action
from khuyencong.core.scope import get_in_scope, restrict
from khuyencong.policy.models import FundingSource
from khuyencong.projects import money, services
from khuyencong.projects.models import (
    BudgetLine,
    DocumentKind,
    Project,
    ProjectDocument,
    ProjectVersion,
)
from khuyencong.projects.workflow import PROJECT_WORKFLOW, REQUIRED_DOCUMENTS, STEPS

SORTS = {
    "code": "code",
    "title": "search_key",
    "year": "year",
    "programme": "programme",
    "status": "status",
    "end": "planned_end",
    "support": "state_support_vnd",
    "province": "province__name_folded",
}

CURRENT_AMOUNT = Coalesce("revised_vnd", "approved_vnd", "proposed_vnd")


def _state_support() -> Subquery:
    lines = (
        BudgetLine.objects.filter(project=OuterRef("pk"), source__is_state_budget=True)
        .values("project")
        .annotate(total=Sum(CURRENT_AMOUNT))
        .values("total")
    )
    return Coalesce(Subquery(lines, output_field=BigIntegerField()), Value(0))


def with_state_support(rows: QuerySet[Project]) -> QuerySet[Project]:
    return rows.annotate(state_support_vnd=_state_support())


def project_list(*, user: User, sort: str = "") -> QuerySet[Project]:
    rows = restrict(Project.objects.all(), user).select_related(
        "province", "activity_content", "legal_basis"
    )
    rows = with_state_support(rows)
    key = SORTS.get(sort.lstrip("-"))
    if key:
        return rows.order_by(("-" if sort.startswith("-") else "") + key, "pk")
    return rows.order_by("-year", "code", "pk")


def project_get(*, user: User, pk: int, action: str = Action.VIEW) -> Project:
    rows = Project.objects.select_related(
        "province",
        "province_then",
        "legal_basis",
        "activity_content",
        "lead_unit",
        "implementing_unit",
        "support_rule",
    )
    return get_in_scope(rows, user, action, pk=pk)


def project_summary(rows: QuerySet[Project], *, count: int | None = None) -> dict:
    """Count and state support of the filtered list, in SQL. `count`: the list's count when
    the caller already has it (the paginator's), so that it is not asked twice."""
    state_sources = list(
        FundingSource.objects.filter(is_state_budget=True).values_list("pk", flat=True)
    )
    lines = BudgetLine.objects.filter(source_id__in=state_sources)
    if rows.query.where:
        lines = lines.filter(project__in=rows.order_by().values("pk"))
    # else: the whole table (every line belongs to a project), without the semi-join.
    total = lines.aggregate(total=Sum(CURRENT_AMOUNT))["total"] or 0
    return {
        "count": rows.count() if count is None else count,
        "state_support_vnd": total,
        "overdue": rows.overdue().count(),
    }


@dataclass
class Step:
    status: str
    label: str
    state: str  # done / current / todo


def stepper(project: Project) -> list[Step]:
    """The main line of the life cycle, marking where the project is."""
    statuses = [str(s) for s in STEPS]
    current = project.status
    if current not in statuses:
        current = project.resume_status if project.resume_status in statuses else ""
    reached = statuses.index(current) if current in statuses else -1
    steps = []
    for index, status in enumerate(STEPS):
        if index < reached:
            state = "done"
        elif index == reached:
            state = "current"
        else:
            state = "todo"
        steps.append(Step(str(status), str(status.label), state))
    return steps


def document_checklist(project: Project, documents: list[ProjectDocument]) -> list[dict]:
    present = {d.document_kind for d in documents}
    rows = []
    for action, kinds in REQUIRED_DOCUMENTS.items():
        transition = PROJECT_WORKFLOW.get(action)
        for kind in kinds:
            rows.append(
                {
                    "kind": kind,
                    "label": DocumentKind(kind).label,
                    "stage": transition.label,
                    "present": kind in present,
                }
            )
    return rows


def project_page(*, user: User, project: Project) -> dict:
    """Everything the detail page shows, in a fixed number of queries."""
    documents = list(ProjectDocument.objects.filter(project=project).select_related("uploaded_by"))
    rows = money.money_rows(project)
    return {
        "establishments": list(project.establishments.select_related("kind", "commune")),
        "craft_villages": list(project.craft_villages.select_related("commune")),
        "communes": list(project.communes.all()),
        "districts_then": list(project.districts_then.all()),
        "communes_then": list(project.communes_then.all()),
        "officers": list(project.officers.all()),
        "outputs": list(project.outputs.select_related("indicator")),
        "trainee_count": project.trainees.count(),
        "money_rows": rows,
        "money_total": money.money_total(rows),
        "movements": list(project.movements.select_related("source")),
        "documents": documents,
        "checklist": document_checklist(project, documents),
        "versions": list(ProjectVersion.objects.filter(project=project).order_by("number")),
        "options": PROJECT_WORKFLOW.options(project, user),
        "steps": stepper(project),
        "cap_vnd": services.support.cap_vnd(project),
        "can_edit": services.may_edit(user, project),
        "budget_column": services.budget_column(user, project),
        "output_columns": services.output_columns(user, project),
        "can_record_money": services.may_record_money(user, project),
        "can_upload": services.may_upload(user, project),
    }


def version_get(*, user: User, project: Project, number: int) -> ProjectVersion:
    return get_in_scope(ProjectVersion.objects.filter(project=project), user, number=number)


def document_get(*, user: User, pk: int) -> ProjectDocument:
    return get_in_scope(ProjectDocument.objects.select_related("project"), user, pk=pk)
