"""Writes to the administrative units: loading the committed data files and the area classes.

The files in `data/` are built by `scripts/build_admin_units.py` (see docs/admin-units.md).
The load creates missing rows only. Names and kinds an administrator edited are kept unless
`update_names=True`; codes, dates and successions are never changed once loaded.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.db import models, transaction

from khuyencong.core.text import fold
from khuyencong.geo.models import (
    LAST_DAY_BEFORE_REFORM,
    AreaClass,
    Commune,
    CommuneSuccession,
    District,
    Province,
    ProvinceSuccession,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH = 2000

UnitKey = tuple[str, datetime.date | None]

AREA_CLASSES: list[tuple[str, str, str]] = [
    (
        "difficult",
        "Địa bàn khó khăn",
        "Xã, phường có điều kiện kinh tế - xã hội khó khăn theo danh mục do Thủ tướng "
        "Chính phủ ban hành.",
    ),
    (
        "extremely_difficult",
        "Địa bàn đặc biệt khó khăn",
        "Xã, đặc khu có điều kiện kinh tế - xã hội đặc biệt khó khăn theo danh mục do Thủ "
        "tướng Chính phủ ban hành.",
    ),
    ("mountainous", "Miền núi", "Xã, phường thuộc khu vực miền núi theo quyết định phân định."),
    ("highland", "Vùng cao", "Xã, phường thuộc vùng cao theo quyết định phân định."),
    (
        "ethnic_minority",
        "Vùng đồng bào dân tộc thiểu số",
        "Xã thuộc vùng đồng bào dân tộc thiểu số và miền núi theo quyết định phân định khu vực.",
    ),
    ("island", "Hải đảo", "Xã, đặc khu ở hải đảo."),
    ("new_rural", "Xã đạt chuẩn nông thôn mới", "Xã được công nhận đạt chuẩn nông thôn mới."),
    (
        "poor_district",
        "Huyện nghèo (trước 1/7/2025)",
        "Xã thuộc huyện nghèo theo danh sách của Thủ tướng Chính phủ; chỉ dùng cho thời kỳ "
        "trước 1/7/2025, khi còn cấp huyện.",
    ),
    ("border", "Biên giới", "Xã, phường biên giới đất liền."),
]


def _read(data_dir: Path, name: str) -> list[dict[str, str]]:
    with (data_dir / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _counts(model: type[models.Model], created: int, updated: int = 0) -> dict[str, int]:
    return {"total": model.objects.count(), "created": created, "updated": updated}


def _sync_units(
    model: type[Province | District | Commune],
    rows: list[dict[str, str]],
    build: Callable[[dict[str, str]], dict[str, Any]],
    *,
    update_names: bool,
) -> tuple[dict[UnitKey, int], dict[str, int]]:
    """Create the units missing from the database; return {(code, valid_to): id} and counts.

    Reads with `values_list` (not instances: a TrackedModel snapshots every loaded instance).
    """
    stored = {
        (code, valid_to): (pk, name, kind)
        for pk, code, valid_to, name, kind in model.objects.values_list(
            "pk", "code", "valid_to", "name", "kind"
        )
    }
    missing: list[models.Model] = []
    to_rename: dict[int, tuple[str, str]] = {}
    for row in rows:
        key = (row["code"], _date(row["valid_to"]))
        if key not in stored:
            fields = build(row)
            missing.append(
                model(
                    code=row["code"],
                    name=row["name"],
                    name_folded=fold(row["name"]),
                    kind=row["kind"],
                    valid_from=_date(row["valid_from"]),
                    valid_to=key[1],
                    **fields,
                )
            )
        elif update_names and stored[key][1:] != (row["name"], row["kind"]):
            to_rename[stored[key][0]] = (row["name"], row["kind"])
    model.objects.bulk_create(missing, batch_size=BATCH)
    for unit in model.objects.filter(pk__in=to_rename):
        unit.name, unit.kind = to_rename[unit.pk]
        unit.save(update_fields=["name", "name_folded", "kind"])  # through save(): history kept
    ids = {
        (code, valid_to): pk
        for pk, code, valid_to in model.objects.values_list("pk", "code", "valid_to")
    }
    return ids, _counts(model, len(missing), len(to_rename))


def _sync_province_successions(
    rows: Iterable[dict[str, str]], provinces: dict[UnitKey, int]
) -> dict[str, int]:
    stored = set(ProvinceSuccession.objects.values_list("old_id", flat=True))
    missing = [
        ProvinceSuccession(
            old_id=provinces[(row["old_code"], LAST_DAY_BEFORE_REFORM)],
            new_id=provinces[(row["new_code"], None)],
        )
        for row in rows
        if provinces[(row["old_code"], LAST_DAY_BEFORE_REFORM)] not in stored
    ]
    ProvinceSuccession.objects.bulk_create(missing, batch_size=BATCH)
    return _counts(ProvinceSuccession, len(missing))


def _sync_commune_successions(
    rows: Iterable[dict[str, str]], communes: dict[UnitKey, int]
) -> dict[str, int]:
    stored = set(CommuneSuccession.objects.values_list("old_id", "new_id"))
    with_default = set(
        CommuneSuccession.objects.filter(is_default=True).values_list("old_id", flat=True)
    )
    missing = []
    for row in rows:
        old_id = communes[(row["old_code"], LAST_DAY_BEFORE_REFORM)]
        new_id = communes[(row["new_code"], None)]
        if (old_id, new_id) in stored:
            continue
        is_default = row["is_default"] == "1" and old_id not in with_default
        if is_default:
            with_default.add(old_id)
        missing.append(CommuneSuccession(old_id=old_id, new_id=new_id, is_default=is_default))
    CommuneSuccession.objects.bulk_create(missing, batch_size=BATCH)
    return _counts(CommuneSuccession, len(missing))


@transaction.atomic
def load_admin_units(
    *, update_names: bool = False, data_dir: Path | None = None
) -> dict[str, dict[str, int]]:
    """Load provinces, districts, communes, their successions and the default area classes.

    Idempotent: a second run creates and changes nothing. Returns, per kind of row, the total in
    the database and how many were created and (with `update_names`) renamed.
    """
    data_dir = data_dir or DATA_DIR
    provinces, province_counts = _sync_units(
        Province, _read(data_dir, "provinces"), lambda row: {}, update_names=update_names
    )
    districts, district_counts = _sync_units(
        District,
        _read(data_dir, "districts"),
        lambda row: {"province_id": provinces[(row["province_code"], LAST_DAY_BEFORE_REFORM)]},
        update_names=update_names,
    )

    def commune_fields(row: dict[str, str]) -> dict[str, Any]:
        valid_to = _date(row["valid_to"])
        district = row["district_code"]
        return {
            "province_id": provinces[(row["province_code"], valid_to)],
            "district_id": districts[(district, LAST_DAY_BEFORE_REFORM)] if district else None,
        }

    communes, commune_counts = _sync_units(
        Commune, _read(data_dir, "communes"), commune_fields, update_names=update_names
    )
    return {
        "provinces": province_counts,
        "districts": district_counts,
        "communes": commune_counts,
        "province_successions": _sync_province_successions(
            _read(data_dir, "province_successions"), provinces
        ),
        "commune_successions": _sync_commune_successions(
            _read(data_dir, "commune_successions"), communes
        ),
        "area_classes": load_area_classes(),
    }


@transaction.atomic
def load_area_classes() -> dict[str, int]:
    """Create the default area classes that do not exist yet; existing ones are left as they are."""
    existing = set(AreaClass.objects.values_list("code", flat=True))
    created = 0
    for code, name, description in AREA_CLASSES:
        if code not in existing:
            AreaClass.objects.create(code=code, name=name, description=description)
            created += 1
    return _counts(AreaClass, created)
