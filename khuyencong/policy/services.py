"""Writes to the policy reference data: loading it from the data file."""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path
from typing import Any

from django.db import models, transaction

from khuyencong.core.concurrency import claim_version
from khuyencong.policy.models import (
    ActivityContent,
    EstablishmentKind,
    FundingSource,
    LegalBasis,
    ReferenceData,
)

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "reference.json"

# Per table: the file's keys and their defaults (everything but the lookup key `code`).
_BASIS_FIELDS: dict[str, Any] = {
    "kind": LegalBasis.Kind.OTHER,
    "number": "",
    "title": "",
    "title_en": "",
    "issuer": "",
    "signed_on": None,
    "effective_from": None,
    "effective_to": None,
    "is_project_basis": False,
    "note": "",
}
_CONTENT_FIELDS: dict[str, Any] = {
    "order": 0,
    "name": "",
    "name_en": "",
    "description": "",
    "effective_from": None,
    "effective_to": None,
    "is_catch_all": False,
    "note": "",
}
_FUNDING_FIELDS: dict[str, Any] = {"name": "", "name_en": "", "is_state_budget": False, "order": 0}
_KIND_FIELDS: dict[str, Any] = {"name": "", "short_name": "", "name_en": "", "order": 0}
_DATE_FIELDS = frozenset({"signed_on", "effective_from", "effective_to"})

OUTCOMES = ("created", "updated", "unchanged", "kept")


class ReferenceDataError(ValueError):
    """The data file is malformed or refers to a code that does not exist."""


def _values(row: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    values = {}
    for name, default in fields.items():
        value = row.get(name, default)
        if name in _DATE_FIELDS and isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        values[name] = value
    return values


def _fingerprint(values: dict[str, Any]) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, models.Model):
            return value.pk
        return value

    text = json.dumps({k: plain(v) for k, v in values.items()}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _current(obj: ReferenceData, values: dict[str, Any]) -> dict[str, Any]:
    """The row's stored values for the file's keys (foreign keys as ids, without a query)."""
    return {name: getattr(obj, obj._meta.get_field(name).attname) for name in values}


def _upsert(
    model: type[ReferenceData],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    update: bool,
    counts: dict[str, int],
) -> ReferenceData:
    """Create the row, or bring it to the file's values unless an administrator edited it."""
    wanted = _fingerprint(values)
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, data_fingerprint=wanted)
        outcome = "created"
    else:
        current = _fingerprint(_current(obj, values))
        if current == wanted:
            if obj.data_fingerprint != wanted:  # not a change of data: no log entry, no version
                model.objects.filter(pk=obj.pk).update(data_fingerprint=wanted)
            counts["unchanged"] += 1
            return obj
        if not update and current != obj.data_fingerprint:
            counts["kept"] += 1  # edited by an administrator since the last load
            return obj
        claim_version(obj, obj.version)  # an edit opened before this load is now stale
        for name, value in values.items():
            setattr(obj, name, value)
        obj.data_fingerprint = wanted
        outcome = "updated"
    obj.full_clean()
    obj.save()
    counts[outcome] += 1
    return obj


def _ref(bases: dict[str, LegalBasis], row: dict[str, Any], key: str) -> LegalBasis | None:
    code = row.get(key)
    if not code:
        return None
    if code not in bases:
        found = LegalBasis.objects.filter(code=code).first()
        if found is None:
            raise ReferenceDataError(f"{row['code']}: {key} refers to unknown legal basis {code!r}")
        bases[code] = found
    return bases[code]


@transaction.atomic
def load_reference_data(*, path: Path | str | None = None, update: bool = False) -> dict:
    """Load legal bases, activity contents, funding sources and kinds of establishment.

    Idempotent, keyed by code. Missing rows are created; a row still as the loader last wrote it
    is brought to the file's values; a row an administrator edited is kept unless `update`.
    Returns, per table, how many rows were created / updated / unchanged / kept.
    """
    with open(path or REFERENCE_FILE, encoding="utf-8") as fh:
        data = json.load(fh)
    summary = {
        table: dict.fromkeys(OUTCOMES, 0)
        for table in ("legal_bases", "activity_contents", "funding_sources", "establishment_kinds")
    }
    bases: dict[str, LegalBasis] = {}
    for row in data.get("legal_bases", []):
        values = _values(row, _BASIS_FIELDS)
        values["amends"] = _ref(bases, row, "amends")
        values["replaces"] = _ref(bases, row, "replaces")
        basis = _upsert(
            LegalBasis, {"code": row["code"]}, values, update=update, counts=summary["legal_bases"]
        )
        bases[basis.code] = basis
        for content in row.get("activity_contents", []):
            _upsert(
                ActivityContent,
                {"legal_basis": basis, "code": content["code"]},
                _values(content, _CONTENT_FIELDS),
                update=update,
                counts=summary["activity_contents"],
            )
    for table, model, fields in (
        ("funding_sources", FundingSource, _FUNDING_FIELDS),
        ("establishment_kinds", EstablishmentKind, _KIND_FIELDS),
    ):
        for row in data.get(table, []):
            _upsert(
                model,
                {"code": row["code"]},
                _values(row, fields),
                update=update,
                counts=summary[table],
            )
    return summary
