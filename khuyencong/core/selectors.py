"""Reads of the change log: an object's timeline and the audit list."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from khuyencong.core.events import EVENT_DATA_LABELS, EVENT_HIDDEN_KEYS
from khuyencong.core.models import ChangeRecord
from khuyencong.core.scope import restrict


def count_of(rows: QuerySet, parent: str) -> Coalesce:
    """How many of `rows` belong to the outer row through their `parent` field (0 when none): a
    correlated subquery, evaluated for the rows of a page only, instead of a Count over a join
    that groups every row of the list."""
    counted = (
        rows.filter(**{parent: OuterRef("pk")})
        .order_by()
        .values(parent)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def history_of(obj: models.Model) -> QuerySet[ChangeRecord]:
    content_type = ContentType.objects.get_for_model(type(obj), for_concrete_model=True)
    return ChangeRecord.objects.filter(content_type=content_type, object_id=obj.pk).select_related(
        "user"
    )


def audit_list(*, user, filters: dict[str, Any] | None = None) -> QuerySet[ChangeRecord]:
    filters = filters or {}
    records = restrict(ChangeRecord.objects.select_related("content_type", "user"), user)
    if filters.get("content_type"):
        records = records.filter(content_type_id=filters["content_type"])
    if filters.get("action"):
        records = records.filter(action=filters["action"])
    if filters.get("user"):
        records = records.filter(user_label__icontains=filters["user"])
    if filters.get("date_from"):
        records = records.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        records = records.filter(at__date__lte=filters["date_to"])
    if filters.get("q"):
        records = records.filter(object_repr__icontains=filters["q"])
    return records


def _display(field: models.Field | None, value: Any, related: dict) -> str:
    if value is None or value == "":
        return "—"
    if field is None:
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    if isinstance(field, models.ManyToManyField):
        names = related.get(field.related_model, {})
        return ", ".join(str(names.get(v, v)) for v in value) or "—"
    if field.is_relation:
        return str(related.get(field.related_model, {}).get(value, f"#{value}"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField):
        parsed = parse_datetime(str(value))
        if parsed is None:
            return str(value)
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        return date_format(parsed, "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        parsed = parse_date(str(value))
        return date_format(parsed, "SHORT_DATE_FORMAT") if parsed else str(value)
    return str(value)


def timeline(
    records: QuerySet[ChangeRecord] | list[ChangeRecord], model: type[models.Model]
) -> list[dict]:
    """Change records made readable: field labels, choice labels and related objects' names.

    Related objects are fetched in one query per related model, whatever the number of records.
    """
    records = list(records)
    fields: dict[str, models.Field] = {}
    order: dict[str, int] = {}
    for position, f in enumerate(model._meta.get_fields()):
        if isinstance(f, models.Field):
            fields[f.name] = f
            fields[getattr(f, "attname", f.name)] = f
            order[f.name] = order[getattr(f, "attname", f.name)] = position
    wanted: dict[type, set] = defaultdict(set)
    for record in records:
        for key, pair in (record.changes or {}).items():
            if record.action == ChangeRecord.Action.EVENT and not _is_pair(pair):
                continue  # event data, not a field's [before, after]
            field = fields.get(key)
            if field is not None and field.is_relation and field.related_model is not None:
                for value in pair:
                    for item in value if isinstance(value, list) else [value]:
                        if isinstance(item, int):
                            wanted[field.related_model].add(item)
    related = {m: m._default_manager.in_bulk(list(ids)) for m, ids in wanted.items()}
    entries = []
    for record in records:
        rows = []
        if record.action != ChangeRecord.Action.EVENT:
            changes = sorted((record.changes or {}).items(), key=lambda kv: order.get(kv[0], 999))
            for key, pair in changes:
                field = fields.get(key)
                before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
                if record.action == ChangeRecord.Action.CREATE and after in (None, "", []):
                    continue
                if record.action == ChangeRecord.Action.DELETE and before in (None, "", []):
                    continue
                label = (
                    str(field.verbose_name)
                    if field is not None and hasattr(field, "verbose_name")
                    else key
                )
                rows.append(
                    {
                        "label": label[:1].upper() + label[1:],
                        "before": ""
                        if record.action == ChangeRecord.Action.CREATE or before in (None, "", [])
                        else _display(field, before, related),
                        "after": ""
                        if record.action == ChangeRecord.Action.DELETE
                        else _display(field, after, related),
                    }
                )
        else:
            rows = _event_rows(record, fields, related)
        entries.append({"record": record, "rows": rows})
    return entries


def _is_pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _event_rows(record: ChangeRecord, fields: dict, related: dict) -> list[dict]:
    """An event's data: a move between states as one "Status" row, then the recorded fields
    (decision number and date, …) with readable labels; internal keys are left out."""
    data = dict(record.changes or {})
    rows = []
    if "from" in data or "to" in data:
        status = fields.get("status")
        rows.append(
            {
                "label": _("Status"),
                "before": _display(status, data.pop("from", None), related),
                "after": _display(status, data.pop("to", None), related),
            }
        )
    for key in EVENT_HIDDEN_KEYS:
        data.pop(key, None)
    if "status" in data:  # the move first
        data = {"status": data.pop("status"), **data}
    for key, value in data.items():
        field = fields.get(key)
        if field is not None and _is_pair(value):
            label = str(field.verbose_name) if hasattr(field, "verbose_name") else key
            before, after = value
            rows.append(
                {
                    "label": label[:1].upper() + label[1:],
                    "before": "" if before in (None, "", []) else _display(field, before, related),
                    "after": _display(field, after, related),
                }
            )
            continue
        label = EVENT_DATA_LABELS.get(key) or (
            field.verbose_name if field is not None and hasattr(field, "verbose_name") else key
        )
        label = str(label)
        if isinstance(value, str) and _ISO_DATE.match(value):
            shown = date_format(parse_date(value), "SHORT_DATE_FORMAT")
        elif field is not None and not field.is_relation:
            shown = _display(field, value, related)
        elif isinstance(value, dict | list):
            shown = ", ".join(map(str, value.values() if isinstance(value, dict) else value))
        else:
            shown = str(value)
        rows.append({"label": label[:1].upper() + label[1:], "before": "", "after": shown})
    return rows
