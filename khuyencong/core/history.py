"""The change log: one mechanism that records every change to a TrackedModel.

Writes go through services, but the log is kept by model signals so that nothing escapes it
(admin edits, commands, shell). Bulk `QuerySet.update()` / `bulk_create()` bypass signals:
code that uses them must call `record_change` / `record_event` itself.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from khuyencong.core.actor import current_actor


def json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, bytes | memoryview):
        return None
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return value


def tracked_fields(model: type[models.Model]) -> list[models.Field]:
    exclude = getattr(model, "history_exclude", frozenset())
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in exclude]


def snapshot(instance: models.Model) -> dict[str, Any]:
    return {
        f.attname: json_value(getattr(instance, f.attname)) for f in tracked_fields(type(instance))
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _province_id(instance: models.Model) -> int | None:
    paths = getattr(type(instance), "scope_paths", None)
    if paths is None or not paths.province:
        return None
    target: Any = instance
    parts = paths.province.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{parts[-1]}_id", None)


def actor_fields() -> dict[str, Any]:
    actor = current_actor()
    user = actor.user if actor else None
    if user is not None and getattr(user, "pk", None) is None:
        user = None
    return {
        "user": user,
        "user_label": user.get_username() if user is not None else "",
        "request_id": actor.request_id if actor else None,
    }


def change_record(
    instance: models.Model,
    action: str,
    changes: dict[str, Any],
    *,
    event: str = "",
    note: str = "",
    actor: dict[str, Any] | None = None,
):
    """The change-log entry of a change, not yet saved: `record_change` and `record_event` save
    one; code writing rows in bulk saves many with `save_records`. `actor`: `actor_fields()`
    read once for many entries."""
    from khuyencong.core.models import ChangeRecord

    return ChangeRecord(
        content_type=ContentType.objects.get_for_model(type(instance), for_concrete_model=True),
        object_id=instance.pk,
        object_repr=str(instance)[:300],
        action=action,
        event=event,
        changes=changes,
        note=note,
        province_id=_province_id(instance),
        **(actor if actor is not None else actor_fields()),
    )


def save_records(records: list) -> None:
    from khuyencong.core.models import ChangeRecord

    ChangeRecord.objects.bulk_create(records, batch_size=1000)


def creation_changes(instance: models.Model) -> dict[str, list[Any]]:
    """What the log says of a row when it is created (as `_after_save` records it)."""
    return diff({}, snapshot(instance))


def event_data(data: dict[str, Any] | None) -> dict[str, Any]:
    return {k: json_value(v) for k, v in (data or {}).items()}


def record_change(instance: models.Model, action: str, changes: dict[str, Any], *, note: str = ""):
    record = change_record(instance, action, changes, note=note)
    record.save()
    return record


def record_event(
    instance: models.Model, event: str, *, note: str = "", data: dict[str, Any] | None = None
):
    """Record a named event such as `project.accepted`, with its data (decision number, …)."""
    from khuyencong.core.models import ChangeRecord

    record = change_record(
        instance, ChangeRecord.Action.EVENT, event_data(data), event=event, note=note
    )
    record.save()
    return record


@contextmanager
def saved_as_event(instance: models.Model) -> Iterator[dict[str, list[Any]]]:
    """Collect the field changes of the saves inside the block instead of logging them, so
    that the caller records them with its named event (one entry: "Approved", with what the
    approval changed). Yields the dict of changes, filled as the saves happen."""
    changes: dict[str, list[Any]] = {}
    instance._history_event_changes = changes
    try:
        yield changes
    finally:
        del instance._history_event_changes


def _is_tracked(sender: type) -> bool:
    from khuyencong.core.models import TrackedModel

    return isinstance(sender, type) and issubclass(sender, TrackedModel)


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or not _is_tracked(sender):
        return
    if instance.pk is None or getattr(instance, "_history_snapshot", None) is not None:
        return
    stored = sender._default_manager.filter(pk=instance.pk).first()
    instance._history_snapshot = snapshot(stored) if stored is not None else None


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _is_tracked(sender):
        return
    from khuyencong.core.models import ChangeRecord

    after = snapshot(instance)
    before = {} if created else (getattr(instance, "_history_snapshot", None) or {})
    changes = diff(before, after)
    instance._history_snapshot = after
    if not created and not changes:
        return
    pending = getattr(instance, "_history_event_changes", None)
    if pending is not None and not created:
        pending.update(changes)  # reported by the event being recorded (see `saved_as_event`)
        return
    action = ChangeRecord.Action.CREATE if created else ChangeRecord.Action.UPDATE
    record_change(instance, action, changes)


def _after_delete(sender, instance, **kwargs):
    if not _is_tracked(sender):
        return
    from khuyencong.core.models import ChangeRecord

    before = getattr(instance, "_history_snapshot", None) or snapshot(instance)
    record_change(instance, ChangeRecord.Action.DELETE, diff(before, {}))


def _after_m2m(sender, instance, action, model, pk_set, reverse, **kwargs):
    if reverse or action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not _is_tracked(type(instance)):
        return
    from khuyencong.core.models import ChangeRecord

    field_name = next(
        (f.name for f in type(instance)._meta.many_to_many if f.remote_field.through is sender),
        None,
    )
    if field_name is None or field_name in getattr(type(instance), "history_exclude", ()):
        return
    ids = sorted(pk_set or [])
    change = {"post_add": [[], ids], "post_remove": [ids, []], "post_clear": [["*"], []]}[action]
    record_change(instance, ChangeRecord.Action.UPDATE, {field_name: change})


def connect_signals() -> None:
    pre_save.connect(_before_save, dispatch_uid="core.history.pre_save")
    post_save.connect(_after_save, dispatch_uid="core.history.post_save")
    post_delete.connect(_after_delete, dispatch_uid="core.history.post_delete")
    m2m_changed.connect(_after_m2m, dispatch_uid="core.history.m2m_changed")
