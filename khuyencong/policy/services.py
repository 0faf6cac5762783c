"""Writes to the policy reference data: loading it from the data file."""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction

from khuyencong.core.concurrency import claim_version
from khuyencong.geo.models import AreaClass, Province
from khuyencong.geo.services import load_area_classes
from khuyencong.policy.models import (
    ActivityContent,
    EstablishmentKind,
    FundingSource,
    Indicator,
    LegalBasis,
    Programme,
    ReferenceData,
    SupportRule,
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
_INDICATOR_FIELDS: dict[str, Any] = {
    "name": "",
    "name_en": "",
    "unit": "",
    "group": Indicator.Group.OUTPUT,
    "order": 0,
    "is_active": True,
    "aggregation": "sum",
    "note": "",
}
_RULE_FIELDS: dict[str, Any] = {
    "name": "",
    "name_en": "",
    "programme": Programme.NATIONAL,
    "effective_from": None,
    "effective_to": None,
    "max_share_percent": None,
    "max_amount_vnd": None,
    "unit": "",
    "note": "",
}
_DATE_FIELDS = frozenset({"signed_on", "effective_from", "effective_to"})
_DECIMAL_FIELDS = frozenset({"max_share_percent"})

TABLES = (
    "legal_bases",
    "activity_contents",
    "funding_sources",
    "establishment_kinds",
    "indicators",
    "support_rules",
)
OUTCOMES = ("created", "updated", "unchanged", "kept")


class ReferenceDataError(ValueError):
    """The data file is malformed or refers to a code that does not exist."""


def _values(row: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    values = {}
    for name, default in fields.items():
        value = row.get(name, default)
        if name in _DATE_FIELDS and isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        if name in _DECIMAL_FIELDS and value is not None:
            value = Decimal(str(value))
        values[name] = value
    return values


def _fingerprint(values: dict[str, Any]) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, models.Model):
            return value.pk
        if isinstance(value, Decimal):
            return f"{value:.2f}"  # 30, 30.0 and 30.00 are the same share
        return value

    text = json.dumps({k: plain(v) for k, v in values.items()}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _current(obj: ReferenceData, values: dict[str, Any]) -> dict[str, Any]:
    """The row's stored values for the file's keys (foreign keys as ids, without a query)."""
    return {name: getattr(obj, obj._meta.get_field(name).attname) for name in values}


def _current_m2m(obj: ReferenceData, m2m: dict[str, list[int]]) -> dict[str, list[int]]:
    """The row's stored many-to-many links for the file's keys, as sorted ids."""
    return {name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in m2m}


def _upsert(
    model: type[ReferenceData],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    update: bool,
    counts: dict[str, int],
    m2m: dict[str, list[int]] | None = None,
) -> ReferenceData:
    """Create the row, or bring it to the file's values unless an administrator edited it.

    `m2m` maps a many-to-many field to the ids the file links the row to; they are part of the
    fingerprint, so links an administrator changed are kept like any other edit.
    """
    m2m = {name: sorted(set(ids)) for name, ids in (m2m or {}).items()}
    wanted = _fingerprint(values | m2m)
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, data_fingerprint=wanted)
        outcome = "created"
    else:
        current = _fingerprint(_current(obj, values) | _current_m2m(obj, m2m))
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
    for name, ids in m2m.items():
        getattr(obj, name).set(ids)
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


def _content_ids(row: dict[str, Any], cache: dict[str, int]) -> list[int]:
    """Activity contents written as "legal_basis_code:content_code", e.g. "nd-45-2012:45-3"."""
    ids = []
    for ref in row.get("activity_contents", []):
        if ref not in cache:
            basis_code, _, content_code = ref.partition(":")
            pk = (
                ActivityContent.objects.filter(legal_basis__code=basis_code, code=content_code)
                .values_list("pk", flat=True)
                .first()
            )
            if pk is None:
                raise ReferenceDataError(
                    f"{row['code']}: unknown activity content {ref!r} "
                    "(write it as legal_basis_code:content_code)"
                )
            cache[ref] = pk
        ids.append(cache[ref])
    return ids


def _province(row: dict[str, Any]) -> Province | None:
    code = row.get("province")
    if not code:
        return None
    # Today's province with that code, else the last one that had it (a rule of a former province).
    found = (
        Province.objects.current().filter(code=code).first()
        or Province.objects.filter(code=code).order_by("-valid_to").first()
    )
    if found is None:
        raise ReferenceDataError(f"{row['code']}: unknown province code {code!r}")
    return found


def _area_class(row: dict[str, Any]) -> AreaClass | None:
    code = row.get("area_class")
    if not code:
        return None
    found = AreaClass.objects.filter(code=code).first()
    if found is None:
        load_area_classes()  # the defaults, if administrative units were not loaded yet
        found = AreaClass.objects.filter(code=code).first()
    if found is None:
        raise ReferenceDataError(f"{row['code']}: unknown area class {code!r}")
    return found


def _indicator(code: str | None, owner: str) -> Indicator | None:
    if not code:
        return None
    found = Indicator.objects.filter(code=code).first()
    if found is None:
        raise ReferenceDataError(f"{owner}: part_of refers to unknown indicator {code!r}")
    return found


@transaction.atomic
def load_reference_data(*, path: Path | str | None = None, update: bool = False) -> dict:
    """Load legal bases, activity contents, funding sources, kinds of establishment, indicators
    and support rules.

    Idempotent, keyed by code. Missing rows are created; a row still as the loader last wrote it
    is brought to the file's values; a row an administrator edited is kept unless `update`.
    Returns, per table, how many rows were created / updated / unchanged / kept.
    """
    with open(path or REFERENCE_FILE, encoding="utf-8") as fh:
        data = json.load(fh)
    summary = {table: dict.fromkeys(OUTCOMES, 0) for table in TABLES}
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
    contents: dict[str, int] = {}
    for row in data.get("indicators", []):
        values = _values(row, _INDICATOR_FIELDS)
        values["part_of"] = _indicator(row.get("part_of"), row["code"])
        _upsert(
            Indicator,
            {"code": row["code"]},
            values,
            update=update,
            counts=summary["indicators"],
            m2m={"activity_contents": _content_ids(row, contents)},
        )
    for row in data.get("support_rules", []):
        if not row.get("legal_basis") or not row.get("activity_contents"):
            raise ReferenceDataError(
                f"{row['code']}: a support rule needs its legal_basis and activity_contents"
            )
        values = _values(row, _RULE_FIELDS)
        values["legal_basis"] = _ref(bases, row, "legal_basis")
        values["province"] = _province(row)
        values["area_class"] = _area_class(row)
        _upsert(
            SupportRule,
            {"code": row["code"]},
            values,
            update=update,
            counts=summary["support_rules"],
            m2m={"activity_contents": _content_ids(row, contents)},
        )
    return summary
