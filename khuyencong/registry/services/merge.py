"""Merging a duplicate establishment into the record it repeats.

Every link to the source moves to the target, whatever app it comes from: the relations are
read from `Establishment._meta`, so a model added later (projects, product entries …) is merged
without changes here. A row that would break a uniqueness rule on the target (e.g. a second
revenue for the same year) stays with the source and is reported as a conflict. The source is
kept, stopped and marked `merged_into`; both records get an `establishment.merged` event
with the other's id (`target_id` on the source, `source_id` on the target). Event keys are not
field names on purpose: the timeline reads a key named like a foreign key as one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import Action, Role
from khuyencong.core.actor import acting_as
from khuyencong.core.concurrency import claim_version
from khuyencong.core.history import record_event
from khuyencong.registry.models import Establishment

# Identifiers copied to the target when it has none (the source then gives its tax code up, so
# that the one tax code stays unique).
IDENTIFIERS = ("tax_code", "business_registration_no")


@dataclass
class RelationMove:
    """What one relation to establishments moves from the source to the target."""

    label: str
    rows: list[models.Model] = field(default_factory=list)
    conflicts: list[models.Model] = field(default_factory=list)
    relation: Any = None

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass
class MergePlan:
    source: Establishment
    target: Establishment
    moves: list[RelationMove] = field(default_factory=list)
    identifiers: dict[str, str] = field(default_factory=dict)

    @property
    def moved(self) -> list[RelationMove]:
        return [move for move in self.moves if move.count]

    @property
    def conflicts(self) -> list[tuple[str, models.Model]]:
        return [(move.label, row) for move in self.moves for row in move.conflicts]


def may_merge(user: User) -> bool:
    return (
        user.is_authenticated
        and user.may(Action.CHANGE)
        and (user.is_superuser or user.role == Role.ADMIN)
    )


def _label(relation: Any) -> str:
    if relation.field is Establishment._meta.get_field("merged_into"):
        return str(_("records merged into it earlier"))
    model = relation.related_model
    label = str(model._meta.verbose_name_plural)
    same_model = [
        r for r in Establishment._meta.related_objects if r.related_model is model and r.field
    ]
    if len(same_model) > 1:
        label = f"{label} ({relation.field.verbose_name})"
    return label[:1].upper() + label[1:]


def _unique_groups(model: type[models.Model], field_name: str) -> list[tuple[tuple, Any]]:
    """The other fields of each uniqueness rule that includes `field_name` (with its condition)."""
    groups: list[tuple[tuple, Any]] = []
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if isinstance(constraint, models.UniqueConstraint) and field_name in fields:
            others = tuple(f for f in fields if f != field_name)
            groups.append((others, constraint.condition))
    for together in model._meta.unique_together:
        if field_name in together:
            groups.append((tuple(f for f in together if f != field_name), None))
    if model._meta.get_field(field_name).unique:
        groups.append(((), None))
    return groups


def _clashes(row: models.Model, relation: Any, target: Establishment) -> bool:
    model = type(row)
    name = relation.field.name
    for others, condition in _unique_groups(model, name):
        if condition is not None and not model._default_manager.filter(condition, pk=row.pk):
            continue
        lookup = {name: target, **{f: getattr(row, f) for f in others}}
        existing = model._default_manager.filter(**lookup)
        if condition is not None:
            existing = existing.filter(condition)
        if existing.exists():
            return True
    return False


def merge_plan(*, source: Establishment, target: Establishment) -> MergePlan:
    """What a merge would move, and what would stay with the source (conflicts)."""
    plan = MergePlan(source=source, target=target)
    for relation in Establishment._meta.related_objects:
        move = RelationMove(label=_label(relation), relation=relation)
        if relation.many_to_many:
            rows = list(getattr(source, relation.get_accessor_name()).all())
            move.rows = rows
        else:
            model = relation.related_model
            rows = list(model._default_manager.filter(**{relation.field.name: source}))
            for row in rows:
                (move.conflicts if _clashes(row, relation, target) else move.rows).append(row)
        if move.rows or move.conflicts:
            plan.moves.append(move)
    for name in IDENTIFIERS:
        if getattr(source, name) and not getattr(target, name):
            plan.identifiers[name] = getattr(source, name)
    return plan


def _check(source: Establishment, target: Establishment) -> None:
    if source.pk == target.pk:
        raise ValidationError({"target": _("Choose two different establishments.")})
    errors = {}
    if source.merged_into_id is not None:
        errors["source"] = _("This establishment was already merged into “%(name)s”.") % {
            "name": source.merged_into.name
        }
    if target.merged_into_id is not None:
        errors["target"] = _(
            "This establishment was merged into “%(name)s”; choose that one as the target."
        ) % {"name": target.merged_into.name}
    if errors:
        raise ValidationError(errors)


def _move_row(row: models.Model, relation: Any, target: Establishment) -> None:
    setattr(row, relation.field.attname, target.pk)
    row.save(update_fields=[relation.field.attname])


def establishment_merge(
    *, source: Establishment, target: Establishment, by: User, note: str = ""
) -> MergePlan:
    """Merge `source` (the duplicate) into `target` (the record kept). Administrators only."""
    if not may_merge(by):
        raise PermissionDenied(_("Only an administrator may merge establishments."))
    with transaction.atomic(), acting_as(by):
        locked = Establishment.objects.select_for_update(of=("self",)).select_related("merged_into")
        source = locked.get(pk=source.pk)
        target = locked.get(pk=target.pk)
        _check(source, target)
        plan = merge_plan(source=source, target=target)
        claim_version(source, source.version)
        claim_version(target, target.version)

        for move in plan.moves:
            relation = move.relation
            if relation.many_to_many:
                for row in move.rows:
                    manager = getattr(row, relation.field.name)
                    manager.add(target)
                    manager.remove(source)
            else:
                for row in move.rows:
                    _move_row(row, relation, target)
        for forward in Establishment._meta.many_to_many:
            getattr(target, forward.name).add(*getattr(source, forward.name).all())

        for name in plan.identifiers:
            setattr(source, name, "")
        source.merged_into = target
        if source.status != Establishment.Status.STOPPED:
            source.status = Establishment.Status.STOPPED
            source.stopped_on = timezone.localdate()
        source.save()
        if plan.identifiers:
            for name, value in plan.identifiers.items():
                setattr(target, name, value)
            target.save()

        moved = "; ".join(f"{m.label}: {m.count}" for m in plan.moved)
        conflicts = "; ".join(f"{label}: {row}" for label, row in plan.conflicts)
        common = {"moved": moved or "—"}
        if conflicts:
            common["kept_on_source"] = conflicts
        if plan.identifiers:
            common["identifiers_to_target"] = ", ".join(plan.identifiers.values())
        record_event(
            source,
            "establishment.merged",
            note=note,
            data={"target_id": target.pk, "target": target.name, **common},
        )
        record_event(
            target,
            "establishment.merged",
            note=note,
            data={"source_id": source.pk, "source": source.name, **common},
        )
    return plan
