"""The projects of a plan in and out of Excel/CSV (slug `plan-items`), on the shared framework.

One row per project of a plan: the plan (its system ID or exact title, among the plans of your
area of work), the project's code (an existing project of the province) and whether the project
is kept in the plan. A row puts the project into the plan through `services.plan_propose`; a row
marked as left out is then left out through `services.plan_select(selected=False)` (kept for the
record). The services' own rules apply row by row (project of another province, already in
another plan of the year, plan no longer open…) and their messages are shown on the row.

The import page has no parameters of its own, so the plan is a column of the file. Export:
`/system/export/plan-items/?plan=<id>` (another province's plan is "not found"); the file
re-imports with every row unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.roles import Action, Role
from khuyencong.core.actor import current_actor
from khuyencong.core.importexport.columns import (
    BooleanColumn,
    CellError,
    Column,
    LookupColumn,
    TextColumn,
)
from khuyencong.core.importexport.spec import ImportSpec
from khuyencong.core.scope import get_in_scope, restrict
from khuyencong.core.text import fold
from khuyencong.plans import services
from khuyencong.plans.models import Plan, PlanItem
from khuyencong.projects.models import Project

IMPORTERS = frozenset({Role.ADMIN, Role.PROVINCIAL_MANAGER, Role.PROVINCIAL_OFFICER})


def _user() -> Any:
    actor = current_actor()
    return actor.user if actor is not None else None


def find_plan(text: str, row: dict[str, Any]) -> Plan | None:
    """A plan of the importer's area of work, by system ID or exact title (case, spaces and
    diacritics aside). Several plans with that title: ask for the ID."""
    plans = restrict(Plan.objects.all(), _user())
    if re.fullmatch(r"\d+", text):
        found = plans.filter(pk=int(text)).first()
        if found is not None:
            return found
    key = fold(text)
    # (values, not .only(): a tracked model reads all its fields when loaded)
    matches = [pk for pk, title in plans.values_list("pk", "title") if fold(title) == key]
    if len(matches) > 1:
        raise CellError(
            _("Several plans are called “%(value)s”: write the plan's system ID instead.")
            % {"value": text}
        )
    return plans.get(pk=matches[0]) if matches else None


def find_project(text: str, row: dict[str, Any]) -> Project | None:
    return restrict(Project.objects.all(), _user()).filter(code__iexact=text.strip()).first()


@dataclass
class PlanColumn(LookupColumn):
    """Written as the plan's title, or as its system ID when another plan has the same title
    (so that the file always reads back the same)."""

    def export(self, obj: Any) -> str:
        shared = getattr(obj, "title_count", None)
        if shared is None:
            shared = Plan.objects.filter(title=obj.plan.title).count()
        return obj.plan.title if shared <= 1 else str(obj.plan_id)


@dataclass
class KeptColumn(BooleanColumn):
    """Yes (Có) / No (Không); empty: kept."""

    def empty(self) -> bool:
        return True


@dataclass
class InformationColumn(TextColumn):
    """Written by the export for the reader; not read back (changing it changes nothing)."""

    def read(self, raw: Any, row: dict[str, Any]) -> Any:
        return None


def _columns() -> list[Column]:
    return [
        PlanColumn(
            "plan",
            gettext_lazy("Plan"),
            required=True,
            aliases=("Kế hoạch", "Plan ID", "Mã kế hoạch"),
            find=find_plan,
            not_found=gettext_lazy(
                "No plan with the system ID or title “%(value)s” in your area of work."
            ),
            help=gettext_lazy(
                "The plan's system ID (shown on the plan's page) or its exact title, e.g. "
                "Local industrial-extension plan 2026 — Hưng Yên."
            ),
            example="12",
        ),
        LookupColumn(
            "project",
            gettext_lazy("Project code"),
            required=True,
            aliases=("Mã đề án",),
            find=find_project,
            display=lambda project: project.code,
            not_found=gettext_lazy("No project with the code “%(value)s” in your area of work."),
            help=gettext_lazy(
                "The code of an existing project of the plan's province, programme and year."
            ),
            example="DP-33-2026-001",
        ),
        KeptColumn(
            "is_selected",
            gettext_lazy("Kept in the plan"),
            aliases=("Đưa vào kế hoạch", "Chọn"),
            help=gettext_lazy(
                "Yes (or empty): the project is in the plan. No: proposed but left out "
                "(kept for the record; department managers only)."
            ),
            example="Có",
        ),
        InformationColumn(
            "project_title",
            gettext_lazy("Project title"),
            max_length=500,
            aliases=("Tên đề án",),
            source=lambda item: item.project.title,
            help=gettext_lazy("For reading only: written by the export, not read back."),
        ),
        InformationColumn(
            "activity_content",
            gettext_lazy("Activity content"),
            max_length=600,
            aliases=("Nội dung",),
            source=lambda item: str(item.project.activity_content),
            help=gettext_lazy("For reading only: written by the export, not read back."),
        ),
    ]


def _by_column(error: Exception) -> ValidationError:
    """A refusal of the services, on the column it is about: the project's problems on the
    project code, the plan's (not open, not yours to change) on the plan."""
    if isinstance(error, PermissionDenied):
        return ValidationError({"plan": [str(error) or _("You may not change this plan now.")]})
    assert isinstance(error, ValidationError)
    if hasattr(error, "error_dict"):
        return error
    return ValidationError({"plan": error.messages})


class PlanItemSpec(ImportSpec):
    slug = "plan-items"
    model = PlanItem
    title = gettext_lazy("Projects of plans")
    keys = ("id", "project")
    list_url_name = "plans:list"

    def __init__(self) -> None:
        self.columns = _columns()

    def may_import(self, user: Any) -> bool:
        return (
            super().may_import(user)
            and (Role.ADMIN if user.is_superuser else user.role) in IMPORTERS
        )

    def base_queryset(self):
        return PlanItem.objects.select_related(
            "plan__province", "project__activity_content"
        ).annotate(
            title_count=Subquery(
                Plan.objects.filter(title=OuterRef("plan__title"))
                .order_by()
                .values("title")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            )
        )

    def export_queryset(self, request: HttpRequest):
        """The projects of the plan named by `?plan=` (404 outside your area of work), else of
        every plan you may see (`?year=` narrows them)."""
        rows = restrict(self.base_queryset(), request.user, Action.VIEW)
        plan = request.GET.get("plan", "").strip()
        if plan:
            if not plan.isdecimal():
                raise Http404
            rows = rows.filter(plan=get_in_scope(Plan.objects.all(), request.user, pk=int(plan)))
        year = request.GET.get("year", "").strip()
        if year:
            rows = rows.filter(year=int(year)) if year.isdecimal() else rows.none()
        return rows.order_by(
            "plan__year", "plan__province__name_folded", "plan_id", "project__code"
        )

    # --- finding and comparing a row ----------------------------------------------------------

    def find_existing(self, values: dict[str, Any], user: Any) -> PlanItem | None:
        editable = restrict(PlanItem.objects.select_related("plan", "project"), user, Action.CHANGE)
        plan, project = values["plan"], values["project"]
        if values.get("id"):
            item = editable.filter(pk=values["id"]).first()
            if item is None:
                raise LookupError(_("No row with this system ID in your area of work."))
            errors = {}
            if item.plan_id != plan.pk:
                errors["plan"] = _("The row with this system ID is of the plan “%(plan)s”.") % {
                    "plan": item.plan.title
                }
            if item.project_id != project.pk:
                errors["project"] = _("The row with this system ID is the project %(code)s.") % {
                    "code": item.project.code
                }
            if errors:
                raise ValidationError(errors)
            return item
        return editable.filter(plan=plan, project=project).first()

    def is_unchanged(self, instance: PlanItem, values: dict[str, Any]) -> bool:
        return instance.is_selected == values.get("is_selected", True)

    # --- writing ------------------------------------------------------------------------------

    def create(self, *, values: dict[str, Any], user: Any) -> PlanItem:
        try:
            return services.put_in_plan(
                plan=values["plan"],
                project=values["project"],
                by=user,
                selected=values.get("is_selected", True),
            )
        except (ValidationError, PermissionDenied) as error:
            raise _by_column(error) from error

    def update(self, *, instance: PlanItem, values: dict[str, Any], user: Any) -> PlanItem:
        try:
            if values.get("is_selected", True):
                return services.plan_propose(plan=instance.plan, project=instance.project, by=user)
            return services.plan_select(item=instance, by=user, selected=False)
        except (ValidationError, PermissionDenied) as error:
            raise _by_column(error) from error


SPECS = (PlanItemSpec,)
