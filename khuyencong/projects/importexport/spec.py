"""`ProjectSpec`, the project rows of the import/export framework: its columns (the funding
sources are data, read at every use), the projects it exports, and how it finds, compares and
writes a row. A new row or a historical project is written as the list says; a live project
through `services.project_update` / `services.budget_save`, whose status and approval only its
life cycle changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.db.models.functions import Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.roles import Action
from khuyencong.core.actor import acting_as
from khuyencong.core.concurrency import claim_version
from khuyencong.core.importexport.columns import Column
from khuyencong.core.importexport.memo import recall, remember
from khuyencong.core.importexport.spec import ImportSpec
from khuyencong.core.scope import restrict
from khuyencong.geo.models import Commune, District
from khuyencong.policy.models import FundingSource
from khuyencong.policy.selectors import funding_sources
from khuyencong.projects import services
from khuyencong.projects.filters import ProjectFilter
from khuyencong.projects.importexport.bulk import create_historical
from khuyencong.projects.importexport.columns import amount_column, record_columns, static_columns
from khuyencong.projects.importexport.errors import add_error, by_column
from khuyencong.projects.importexport.export import read_projects
from khuyencong.projects.importexport.historical import record_historical
from khuyencong.projects.importexport.rows import ProjectRow, read_row
from khuyencong.projects.importexport.trainees import TraineeSpec
from khuyencong.projects.models import BudgetLine, Project
from khuyencong.registry.models import Establishment


def _current_values(project: Project) -> dict[str, Any]:
    """Every field the services write, as the project has it now (M2M as lists)."""
    values = {}
    for key in (*services.PROJECT_FIELDS, *services.HISTORICAL_FIELDS):
        if key in services.M2M_FIELDS:
            values[key] = list(getattr(project, key).all())
        else:
            values[key] = getattr(project, key)
    return values


def _differs(project: Project, key: str, value: Any) -> bool:
    if key in services.M2M_FIELDS:
        return {o.pk for o in value or []} != {o.pk for o in getattr(project, key).all()}
    current = getattr(project, key)
    if hasattr(current, "pk") or hasattr(value, "pk"):
        return getattr(current, "pk", None) != getattr(value, "pk", None)
    if isinstance(current, str) or isinstance(value, str):
        return (current or "") != (value or "")
    return current != value


READ_AHEAD = "projects-read-ahead"


@dataclass
class _ReadAhead:
    """The projects of a file, read ahead: the IDs and codes asked for, and those found."""

    ids: set[int]
    codes: set[str]
    by_id: dict[int, Project]
    by_code: dict[str, Project]

    def forget(self, project: Project) -> None:
        """A project a row changed: a later row naming it (by its other key) reads it afresh."""
        self.ids.discard(project.pk)
        self.codes.discard(project.code.upper())


def _chunks(items: list, size: int = 1000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class ProjectSpec(ImportSpec):
    slug = "projects"
    model = Project
    title = gettext_lazy("Projects")
    keys = ("id", "code")
    list_url_name = "projects:list"
    filterset_class = ProjectFilter

    def __init__(self) -> None:
        self._static = static_columns()
        self._records = record_columns()
        self._sources_key: tuple | None = None
        self._amounts: list[Column] = []
        self._sources: dict[str, FundingSource] = {}

    def _refresh_sources(self) -> None:
        """The funding sources are data: read at the start of every template, import and export
        (the columns are rebuilt only when the sources changed)."""
        sources = list(funding_sources())
        key = tuple((s.pk, s.code, s.name, s.name_en) for s in sources)
        if key != self._sources_key:
            self._amounts = [amount_column(source) for source in sources]
            self._sources = {f"amount_{source.code}": source for source in sources}
            self._sources_key = key

    def all_columns(self) -> list[Column]:
        self._refresh_sources()
        return super().all_columns()

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        if self._sources_key is None:
            self._refresh_sources()
        return [*self._static, *self._amounts, *self._records]

    def amount_columns(self) -> dict[str, FundingSource]:
        if self._sources_key is None:
            self._refresh_sources()
        return self._sources

    def may_import(self, user: Any) -> bool:
        return super().may_import(user) and services.may_create(user)

    def base_queryset(self):
        return Project.objects.select_related(
            "province", "province_then", "legal_basis", "activity_content__legal_basis"
        ).prefetch_related(
            "establishments",
            "communes",
            "districts_then__province",
            Prefetch(
                "communes_then",
                queryset=Commune.objects.select_related("district", "province"),
            ),
            Prefetch("budget_lines", queryset=BudgetLine.objects.select_related("source")),
        )

    def export_rows(self, queryset) -> list[list[Any]]:
        """Read as `ExportedProject` rows: a query per relation, not a model per row."""
        fields = tuple(c.name for c in (*self._static, *self._records) if c.source is None)
        return [self.export_row(project) for project in read_projects(queryset, fields)]

    # --- finding and reading a row ------------------------------------------------------------

    def read_ahead(self, *, values: list[dict[str, Any]], user: Any) -> None:
        """The projects the file names by system ID or code, with what comparing them needs,
        read in a few queries for the whole file instead of a few for each row."""
        ids = {v["id"] for v in values if v.get("id")}
        codes = {v["code"].upper() for v in values if v.get("code")}
        editable = restrict(self._compared_queryset(), user, Action.CHANGE)
        found: list[Project] = []
        for chunk in _chunks(sorted(ids)):
            found += editable.filter(pk__in=chunk)
        for chunk in _chunks(sorted(codes)):
            found += editable.annotate(code_upper=Upper("code")).filter(code_upper__in=chunk)
        remember(
            READ_AHEAD,
            _ReadAhead(
                ids=ids,
                codes=codes,
                by_id={p.pk: p for p in found},
                by_code={p.code.upper(): p for p in found},
            ),
        )

    def forget(self, instance: Project) -> None:
        ahead = recall(READ_AHEAD)
        if isinstance(ahead, _ReadAhead):
            ahead.forget(instance)

    def _compared_queryset(self):
        """`base_queryset` with the related rows loaded with only what comparing and checking
        them reads (the import never saves them): thousands of rows, none snapshotted."""
        return Project.objects.select_related(
            "province", "province_then", "legal_basis", "activity_content__legal_basis"
        ).prefetch_related(
            Prefetch(
                "establishments",
                queryset=Establishment.objects.only("id", "name", "province_id", "merged_into_id"),
            ),
            Prefetch(
                "communes",
                queryset=Commune.objects.only("id", "kind", "name", "province_id", "valid_to"),
            ),
            Prefetch(
                "districts_then",
                queryset=District.objects.only("id", "kind", "name", "province_id", "valid_to"),
            ),
            Prefetch(
                "communes_then",
                queryset=Commune.objects.only(
                    "id", "kind", "name", "province_id", "district_id", "valid_to"
                ),
            ),
            Prefetch("budget_lines", queryset=BudgetLine.objects.select_related("source")),
        )

    def _by_id(self, pk: int, editable) -> Project | None:
        ahead = recall(READ_AHEAD)
        if isinstance(ahead, _ReadAhead) and pk in ahead.ids:
            return ahead.by_id.get(pk)
        return editable.filter(pk=pk).first()

    def _by_code(self, code: str, editable) -> Project | None:
        ahead = recall(READ_AHEAD)
        if isinstance(ahead, _ReadAhead) and code.upper() in ahead.codes:
            return ahead.by_code.get(code.upper())
        return editable.filter(code__iexact=code).first()

    def find_existing(self, values: dict[str, Any], user: Any) -> Project | None:
        editable = restrict(self.base_queryset(), user, Action.CHANGE)
        existing = None
        if values.get("id"):
            existing = self._by_id(values["id"], editable)
            if existing is None:
                raise LookupError(_("No row with this system ID in your area of work."))
        code = values.get("code")
        if code:
            by_code = self._by_code(code, editable)
            if existing is not None and by_code != existing:
                raise ValidationError(
                    {
                        "code": _("The project with this system ID has the code %(code)s.")
                        % {"code": existing.code}
                    }
                )
            if by_code is None:
                raise ValidationError(
                    {
                        "code": _(
                            "No project with the code “%(code)s” in your area of work. Leave "
                            "the code empty to create a new project."
                        )
                        % {"code": code}
                    }
                )
            existing = by_code
        values["_row"] = read_row(
            values, user=user, existing=existing, amount_columns=self.amount_columns()
        )
        return existing

    def is_unchanged(self, instance: Project, values: dict[str, Any]) -> bool:
        row: ProjectRow = values["_row"]
        if any(_differs(instance, key, value) for key, value in row.fields.items()):
            return False
        lines = {line.source_id: line for line in instance.budget_lines.all()}
        for source, amount in row.amounts.items():
            line = lines.get(source.pk)
            if ((line.current_vnd if line is not None else None) or None) != (amount or None):
                return False
        for key, value in row.record.items():
            if key == "status" and not value:
                continue
            if _differs(instance, key, value):
                return False
        return not (row.historical and row.basis and instance.legal_basis_id != row.basis.pk)

    # --- writing ------------------------------------------------------------------------------

    creates_in_bulk = True

    def create_many(self, *, values: list[dict[str, Any]], user: Any) -> list[Project | Exception]:
        return create_historical([v["_row"] for v in values], user=user)

    def update(self, *, instance: Project, values: dict[str, Any], user: Any) -> Project:
        row: ProjectRow = values["_row"]
        try:
            if instance.is_historical:
                return self._update_historical(instance, row, user)
            return self._update_live(instance, row, user)
        except ValidationError as error:
            raise by_column(error) from error

    def _update_historical(self, project: Project, row: ProjectRow, user: Any) -> Project:
        """A project of an earlier list, whatever its status: the same checks as a new one."""
        project = Project.objects.select_for_update().get(pk=project.pk)
        with acting_as(user):
            if any(_differs(project, key, value) for key, value in row.fields.items()):
                project = services.historical_project_update(
                    project=project, by=user, expected_version=project.version, **row.fields
                )
            else:
                claim_version(project, project.version)
        return record_historical(project, row, user=user, action="updated")

    def _update_live(self, project: Project, row: ProjectRow, user: Any) -> Project:
        """A project in the life cycle: its record through project_update, its money through
        budget_save; its status and approval only its life cycle changes."""
        errors: dict[str, list[str]] = {}
        for key, value in row.record.items():
            if (key != "status" or value) and _differs(project, key, value):
                add_error(
                    errors,
                    key,
                    _(
                        "This project follows its life cycle: its status and approval change "
                        "through its actions, not by import."
                    ),
                )
        lines = {line.source_id: line for line in BudgetLine.objects.filter(project=project)}
        amounts = {
            source: amount
            for source, amount in row.amounts.items()
            if ((lines[source.pk].current_vnd if source.pk in lines else None) or None)
            != (amount or None)
        }
        column = services.budget_column(user, project) if amounts else None
        if amounts and column is None:
            for source in amounts:
                add_error(
                    errors,
                    f"amount_{source.code}",
                    _("The money of this project cannot be changed at this stage."),
                )
        if errors:
            raise ValidationError(errors)
        fields = {
            k: v
            for k, v in row.fields.items()
            if k not in services.HISTORICAL_FIELDS and _differs(project, k, v)
        }
        if fields:
            current = {
                k: v
                for k, v in _current_values(project).items()
                if k not in services.HISTORICAL_FIELDS
            }
            project = services.project_update(
                project=project, by=user, expected_version=project.version, **{**current, **fields}
            )
        if amounts:
            services.budget_save(
                project=project, by=user, expected_version=project.version, amounts=amounts
            )
            project.refresh_from_db()
        return project


SPECS = (ProjectSpec, TraineeSpec)
