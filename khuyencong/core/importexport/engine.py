"""Running an import: read, check every cell, apply row by row through the services inside one
transaction, and keep it only when asked to commit and nothing failed (all or nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khuyencong.core.actor import acting_as
from khuyencong.core.concurrency import StaleVersionError
from khuyencong.core.importexport.columns import CellError, Column
from khuyencong.core.importexport.files import FileProblem, read_table
from khuyencong.core.importexport.memo import lookups_remembered
from khuyencong.core.importexport.spec import ImportSpec
from khuyencong.core.text import fold

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"


@dataclass
class RowResult:
    number: int
    action: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)
    label: str = ""


@dataclass
class ImportResult:
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(not r.errors for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, REJECTED: 0}
        for row in self.rows:
            counts[REJECTED if row.errors else row.action] += 1
        return counts

    @property
    def error_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.errors]


class _Rollback(Exception):
    pass


def _match_headers(spec: ImportSpec, headers: list[str]) -> tuple[dict[int, Column], list[str]]:
    by_key: dict[str, Column] = {}
    for column in spec.all_columns():
        for key in column.header_keys():
            by_key[key] = column
    mapping: dict[int, Column] = {}
    problems: list[str] = []
    unknown = []
    for index, header in enumerate(headers):
        if not header:
            continue
        column = by_key.get(fold(header))
        if column is None:
            unknown.append(header)
        elif column in mapping.values():
            problems.append(_("The column “%(header)s” appears twice.") % {"header": header})
        else:
            mapping[index] = column
    missing = [
        str(c.header) for c in spec.all_columns() if c.required and c not in mapping.values()
    ]
    if unknown:
        problems.append(
            _("Unknown columns: %(unknown)s. Expected: %(expected)s.")
            % {
                "unknown": ", ".join(f"“{h}”" for h in unknown),
                "expected": ", ".join(f"“{c.header}”" for c in spec.all_columns()),
            }
        )
    if missing:
        problems.append(
            _("Missing columns: %(missing)s.") % {"missing": ", ".join(f"“{m}”" for m in missing)}
        )
    return mapping, problems


def _field_header(spec: ImportSpec, field_name: str) -> str:
    for column in spec.all_columns():
        if column.name == field_name:
            return str(column.header)
    return ""


def run_import(
    spec: ImportSpec, *, name: str, data: bytes, user: Any, commit: bool
) -> ImportResult:
    result = ImportResult()
    if not spec.may_import(user):
        raise PermissionDenied
    try:
        table = read_table(name, data)
    except FileProblem as problem:
        result.file_errors = problem.messages
        return result
    mapping, problems = _match_headers(spec, table.headers)
    if problems:
        result.file_errors = problems
        return result

    with lookups_remembered():
        with acting_as(user):  # lookups of related rows see the importing user's scope
            parsed = _parse_rows(spec, table, mapping, result)
        try:
            with transaction.atomic(), acting_as(user):
                _apply_rows(spec, parsed, user)
                result.committed = commit and result.ok
                if not result.committed:
                    raise _Rollback
        except _Rollback:
            pass
    return result


def _apply_rows(spec: ImportSpec, parsed: list[tuple[RowResult, dict[str, Any]]], user) -> None:
    """Each row in turn; with a spec that creates in bulk, the new rows together at the end."""
    spec.read_ahead(values=[values for row, values in parsed if not row.errors], user=user)
    new_rows: list[tuple[RowResult, dict[str, Any]]] = []
    for row, values in parsed:
        if row.errors:
            continue
        if not spec.creates_in_bulk:
            _apply(spec, row, values, user)
            continue
        with _row_errors(spec, row):
            existing = spec.find_existing(values, user)
        if row.errors:
            continue
        if existing is None:
            new_rows.append((row, values))
        else:
            _apply(spec, row, values, user, existing=existing)
    if new_rows:
        outcomes = spec.create_many(values=[values for _, values in new_rows], user=user)
        for (row, _values), outcome in zip(new_rows, outcomes, strict=True):
            if isinstance(outcome, Exception):
                with _row_errors(spec, row):
                    raise outcome
            else:
                row.action = CREATED
                row.label = str(outcome)


def _parse_rows(spec, table, mapping, result) -> list[tuple[RowResult, dict[str, Any]]]:
    parsed: list[tuple[RowResult, dict[str, Any]]] = []
    seen_keys: dict[tuple[str, Any], int] = {}
    for number, cells in table.rows:
        row = RowResult(number=number)
        values: dict[str, Any] = {}
        for index, column in sorted(mapping.items()):
            try:
                values[column.name] = column.read(
                    cells[index] if index < len(cells) else None, values
                )
            except CellError as error:
                row.errors.append((str(column.header), str(error)))
        for key in spec.keys:
            value = values.get(key)
            if value not in (None, ""):
                if (key, value) in seen_keys:
                    row.errors.append(
                        (
                            _field_header(spec, key),
                            _("Same as row %(n)d of this file.") % {"n": seen_keys[(key, value)]},
                        )
                    )
                seen_keys[(key, value)] = number
        parsed.append((row, values))
        result.rows.append(row)
    return parsed


_NOT_FOUND = object()


def _apply(
    spec: ImportSpec, row: RowResult, values: dict[str, Any], user: Any, *, existing=_NOT_FOUND
) -> None:
    with _row_errors(spec, row):
        if existing is _NOT_FOUND:
            existing = spec.find_existing(values, user)
        if existing is not None and spec.is_unchanged(existing, values):
            row.action, row.label = UNCHANGED, str(existing)
            return
        with transaction.atomic():  # a row that fails leaves nothing behind
            if existing is None:
                instance = spec.create(values=values, user=user)
                row.action = CREATED
            else:
                spec.forget(existing)
                instance = spec.update(instance=existing, values=values, user=user)
                row.action = UPDATED
        row.label = str(instance)


@contextmanager
def _row_errors(spec: ImportSpec, row: RowResult) -> Iterator[None]:
    """The problems raised inside the block, as errors of the row by the file's columns."""
    try:
        yield
    except LookupError as error:
        row.errors.append((_field_header(spec, "id"), str(error)))
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field_name, messages in error.message_dict.items():
                for message in messages:
                    row.errors.append((_field_header(spec, field_name), message))
        else:
            row.errors.extend(("", message) for message in error.messages)
    except (PermissionDenied, StaleVersionError) as error:
        row.errors.append(("", str(error) or _("You may not change this row.")))
