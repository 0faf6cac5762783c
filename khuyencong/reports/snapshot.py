"""A `ReportResult` frozen as JSON and brought back: the generic (de)serialiser behind report
submissions. It walks the dataclasses of `reports.data` with `dataclasses.fields`, so a field added
there later is carried without a change here; numbers keep their type (a Decimal is written as its
exact string, never as a float), dates and tuples too.

Tagged values are one-key objects: {"$dataclass": name, "fields": {...}}, {"$decimal": "12.5"},
{"$date": "2025-06-15"}, {"$datetime": …}, {"$tuple": [...]}. A plain dict whose only key starts
with "$" is escaped as {"$dict": {...}} so it cannot be taken for a tag."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

from khuyencong.reports import data
from khuyencong.reports.data import ReportResult

FORMAT = 1


def _dataclasses() -> dict[str, type]:
    return {
        name: value
        for name, value in vars(data).items()
        if isinstance(value, type) and dataclasses.is_dataclass(value)
    }


def dump_value(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            "$dataclass": type(value).__name__,
            "fields": {
                f.name: dump_value(getattr(value, f.name)) for f in dataclasses.fields(value)
            },
        }
    if isinstance(value, bool) or value is None or isinstance(value, int | float | str):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [dump_value(v) for v in value]}
    if isinstance(value, list):
        return [dump_value(v) for v in value]
    if isinstance(value, dict):
        plain = {str(k): dump_value(v) for k, v in value.items()}
        if len(plain) == 1 and next(iter(plain)).startswith("$"):
            return {"$dict": plain}
        return plain
    # Anything else (a model instance, a lazy object…) is frozen as the text it shows.
    return str(value)


def load_value(value: Any, classes: dict[str, type] | None = None) -> Any:
    classes = classes if classes is not None else _dataclasses()
    if isinstance(value, list):
        return [load_value(v, classes) for v in value]
    if not isinstance(value, dict):
        return value
    if "$dataclass" in value and set(value) == {"$dataclass", "fields"}:
        cls = classes.get(value["$dataclass"])
        stored = {k: load_value(v, classes) for k, v in value["fields"].items()}
        if cls is None:  # a class since removed: keep its values readable
            return stored
        kwargs = {}
        for f in dataclasses.fields(cls):
            if not f.init:
                continue
            if f.name in stored:
                kwargs[f.name] = stored[f.name]
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                kwargs[f.name] = None  # a field added since, without a default
        return cls(**kwargs)
    if len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "$decimal":
            return Decimal(inner)
        if tag == "$date":
            return datetime.date.fromisoformat(inner)
        if tag == "$datetime":
            return datetime.datetime.fromisoformat(inner)
        if tag == "$tuple":
            return tuple(load_value(v, classes) for v in inner)
        if tag == "$dict":
            return {k: load_value(v, classes) for k, v in inner.items()}
    return {k: load_value(v, classes) for k, v in value.items()}


def freeze(result: ReportResult) -> dict[str, Any]:
    """The result as JSON-ready data (what a submission stores)."""
    return {"format": FORMAT, "result": dump_value(result)}


def thaw(frozen: dict[str, Any]) -> ReportResult:
    """The stored result back as a `ReportResult`, as renderers and templates expect it."""
    return load_value(frozen["result"])
