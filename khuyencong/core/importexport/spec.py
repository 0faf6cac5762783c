"""ImportSpec: what an app declares to get import, export and a template for its rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from khuyencong.accounts.roles import Action
from khuyencong.core.importexport.columns import Column, IntegerColumn
from khuyencong.core.importexport.memo import recall, remember
from khuyencong.core.scope import restrict

READ_AHEAD = "read-ahead"


@dataclass
class ReadAhead:
    """The rows a file names, read before it is applied: the values asked for by key, and the
    rows found by key and value."""

    asked: dict[str, set] = field(default_factory=dict)
    found: dict[str, dict[Any, Model]] = field(default_factory=dict)


def _plain(value: Any) -> Any:
    """A key's value as stored: a related row by its id."""
    return getattr(value, "pk", value)


class ImportSpec:
    """Subclass per model. Writes go through the app's services in `create` and `update`."""

    slug: str = ""
    model: type[Model]
    title: str | Promise = ""
    columns: list[Column] = []
    # Columns whose value finds an existing row to update, tried in order ("id" is the system id).
    keys: tuple[str, ...] = ("id",)
    list_url_name: str = ""
    # The list page's FilterSet, so that an export holds exactly the rows the user filtered.
    filterset_class: type | None = None

    def all_columns(self) -> list[Column]:
        id_column = IntegerColumn(
            "id",
            _("System ID"),
            minimum=1,
            help=_("Leave empty for a new row; keep it to update an existing row."),
        )
        return [id_column, *self.columns]

    # --- permissions and scope -------------------------------------------------------------
    def may_import(self, user: Any) -> bool:
        return user.is_authenticated and user.may(Action.CHANGE)

    def may_export(self, user: Any) -> bool:
        return user.is_authenticated and user.may(Action.VIEW)

    def base_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def export_base_queryset(self) -> QuerySet:
        """The rows an export reads, before scope and filters: by default `base_queryset`; a
        spec may load only what its columns show (read-only rows, never saved)."""
        return self.base_queryset()

    def export_queryset(self, request: HttpRequest) -> QuerySet:
        """The rows of the list page as filtered by the request, within the user's scope."""
        rows = restrict(self.export_base_queryset(), request.user, Action.VIEW)
        if self.filterset_class is not None:
            rows = self.filterset_class(request.GET, queryset=rows, request=request).qs
        return rows.order_by("pk")

    def read_ahead(self, *, values: list[dict[str, Any]], user: Any) -> None:
        """Before the rows are applied, read at once the rows the file names by its keys: a few
        queries for the whole file instead of one per row; `find_existing` then finds them
        there. A spec with its own `find_existing` reads ahead what that needs, or nothing."""
        if type(self).find_existing is not ImportSpec.find_existing:
            return
        editable = restrict(self.base_queryset(), user, Action.CHANGE)
        if not editable.ordered:
            editable = editable.order_by("pk")  # the row `.first()` would give
        ahead = ReadAhead()
        for key in self.keys:
            asked = {_plain(v[key]) for v in values if v.get(key) not in (None, "")}
            ahead.asked[key] = asked
            attname = self.model._meta.get_field(key).attname
            found = ahead.found.setdefault(key, {})
            ordered = sorted(asked, key=str)
            for start in range(0, len(ordered), 1000):
                for row in editable.filter(**{f"{key}__in": ordered[start : start + 1000]}):
                    found.setdefault(getattr(row, attname), row)
        remember((READ_AHEAD, self.slug), ahead)

    def forget(self, instance: Model) -> None:
        """A row changed by the import: a later row naming it reads it afresh."""
        ahead = recall((READ_AHEAD, self.slug))
        if isinstance(ahead, ReadAhead):
            for key, asked in ahead.asked.items():
                asked.discard(getattr(instance, self.model._meta.get_field(key).attname, None))

    def find_existing(self, values: dict[str, Any], user: Any) -> Model | None:
        editable = restrict(self.base_queryset(), user, Action.CHANGE)
        ahead = recall((READ_AHEAD, self.slug))
        for key in self.keys:
            value = values.get(key)
            if value in (None, ""):
                continue
            if isinstance(ahead, ReadAhead) and _plain(value) in ahead.asked.get(key, ()):
                found = ahead.found[key].get(_plain(value))
            else:
                found = editable.filter(**{key: value}).first()
            if found is None and key == "id":
                raise LookupError(_("No row with this system ID in your area of work."))
            if found is not None:
                return found
        return None

    # --- writing -----------------------------------------------------------------------------
    # A spec that writes its new rows together (`create_many`) instead of one by one (`create`).
    creates_in_bulk: bool = False

    def create(self, *, values: dict[str, Any], user: Any) -> Model:
        raise NotImplementedError

    def create_many(self, *, values: list[dict[str, Any]], user: Any) -> list[Model | Exception]:
        """Create the new rows of a file, in its order, once every other row was applied (only
        called when `creates_in_bulk`): for each, the created object, or the ValidationError /
        PermissionDenied that rejects it. When one is rejected, none need be written: the import
        keeps nothing of a file with a rejected row."""
        raise NotImplementedError

    def update(self, *, instance: Model, values: dict[str, Any], user: Any) -> Model:
        raise NotImplementedError

    def is_unchanged(self, instance: Model, values: dict[str, Any]) -> bool:
        return all(
            column.normalise(column.value_of(instance)) == column.normalise(values[column.name])
            for column in self.columns
            if column.name in values
        )

    def export_row(self, instance: Model) -> list[Any]:
        return [instance.pk, *(column.export(instance) for column in self.columns)]

    def export_rows(self, queryset: QuerySet) -> list[list[Any]]:
        """The cells of the exported rows. A spec may read its rows another way than as model
        instances (values, related rows in a query each) when the cells stay the same."""
        return [self.export_row(obj) for obj in queryset]

    def instructions(self) -> list[list[str]]:
        rows = [[_("Column"), _("Required"), _("What to write"), _("Example")]]
        for column in self.all_columns():
            rows.append(
                [
                    str(column.header),
                    _("Yes") if column.required else _("No"),
                    str(column.help),
                    column.example,
                ]
            )
        rows.append([])
        rows.append([_("General rules")])
        for rule in (
            _("Keep the header row as it is; the order of columns does not matter."),
            _("Dates as dd/mm/yyyy (e.g. 05/03/2024) or as Excel dates."),
            _("Numbers without decimals; dots between thousands are allowed (1.234.567)."),
            _("No formulas and no merged cells; at most 20 MB per file."),
            _("Every row is checked first; nothing is saved until the whole file is correct."),
        ):
            rows.append([str(rule)])
        return rows
