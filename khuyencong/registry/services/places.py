"""Every write to craft villages and artisans."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.core.actor import acting_as
from khuyencong.core.concurrency import claim_version
from khuyencong.core.text import fold
from khuyencong.geo.models import Commune, Province
from khuyencong.registry.models import Artisan, CraftVillage, Establishment, Gender
from khuyencong.registry.services.common import (
    check_change,
    check_current_unit,
    check_lengths,
    check_not_future,
    check_not_negative,
    check_write_at,
    check_year,
    text,
)

CRAFT_VILLAGE_FIELDS = (
    "name",
    "commune",
    "trade",
    "year_recognised",
    "decision_number",
    "decision_date",
    "households",
    "workers",
    "note",
)
ARTISAN_FIELDS = (
    "full_name",
    "gender",
    "birth_year",
    "title",
    "year_awarded",
    "trade",
    "establishment",
    "craft_village",
)


def _unknown(values: dict[str, Any], fields: tuple[str, ...]) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


# --- craft villages ---------------------------------------------------------------------------


def clean_craft_village(
    values: dict[str, Any], *, exclude_pk: int | None = None
) -> tuple[dict[str, Any], Province]:
    errors: dict[str, str] = {}
    cleaned = {key: values.get(key) for key in CRAFT_VILLAGE_FIELDS}
    for key in ("name", "trade", "decision_number"):
        cleaned[key] = text(values, key)
    cleaned["note"] = str(values.get("note") or "").strip()
    if not cleaned["name"]:
        errors["name"] = _("Enter the name.")
    if not cleaned["trade"]:
        errors["trade"] = _("Enter the trade of the village.")
    commune: Commune | None = cleaned["commune"]
    if commune is None:
        errors["commune"] = _("Choose the commune, ward or special zone (today's units).")
    check_current_unit(commune, errors, "commune")
    check_year(cleaned["year_recognised"], errors, "year_recognised")
    decision_date: datetime.date | None = cleaned["decision_date"]
    check_not_future(decision_date, errors, "decision_date")
    check_not_negative(cleaned["households"], errors, "households")
    check_not_negative(cleaned["workers"], errors, "workers")
    check_lengths(CraftVillage, cleaned, errors)
    if "name" not in errors and "commune" not in errors:
        taken = CraftVillage.objects.filter(commune=commune, name_folded=fold(cleaned["name"]))
        if taken.exclude(pk=exclude_pk).exists():
            errors["name"] = _(
                "A craft village with this name is already recorded in this commune."
            )
    if errors:
        raise ValidationError(errors)
    return cleaned, commune.province  # type: ignore[union-attr]


def craft_village_create(
    *,
    by: User,
    name: str,
    commune: Commune | None,
    trade: str,
    year_recognised: int | None = None,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    households: int | None = None,
    workers: int | None = None,
    note: str = "",
) -> CraftVillage:
    values = {key: value for key, value in locals().items() if key in CRAFT_VILLAGE_FIELDS}
    cleaned, province = clean_craft_village(values)
    check_write_at(by, CraftVillage, province_id=province.pk, commune_id=cleaned["commune"].pk)
    with transaction.atomic(), acting_as(by):
        village = CraftVillage(**cleaned, province=province)
        village.save()
    return village


def craft_village_update(
    *, craft_village: CraftVillage, by: User, expected_version: int, **values: Any
) -> CraftVillage:
    _unknown(values, CRAFT_VILLAGE_FIELDS)
    check_change(by, craft_village)
    merged = {key: values.get(key, getattr(craft_village, key)) for key in CRAFT_VILLAGE_FIELDS}
    cleaned, province = clean_craft_village(merged, exclude_pk=craft_village.pk)
    check_write_at(by, CraftVillage, province_id=province.pk, commune_id=cleaned["commune"].pk)
    if province.pk != craft_village.province_id and craft_village.establishments.exists():
        raise ValidationError(
            {
                "commune": _(
                    "Establishments of this village are recorded in its province; a village "
                    "cannot move to another province."
                )
            }
        )
    with transaction.atomic(), acting_as(by):
        claim_version(craft_village, expected_version)
        for key, value in cleaned.items():
            setattr(craft_village, key, value)
        craft_village.province = province
        craft_village.save()
    return craft_village


# --- artisans ---------------------------------------------------------------------------------


def clean_artisan(values: dict[str, Any]) -> tuple[dict[str, Any], Province | None]:
    errors: dict[str, str] = {}
    cleaned = {key: values.get(key) for key in ARTISAN_FIELDS}
    cleaned["full_name"] = text(values, "full_name")
    cleaned["trade"] = text(values, "trade")
    cleaned["gender"] = cleaned["gender"] or ""
    if not cleaned["full_name"]:
        errors["full_name"] = _("Enter the full name.")
    if not cleaned["trade"]:
        errors["trade"] = _("Enter the trade.")
    if cleaned["gender"] and cleaned["gender"] not in Gender.values:
        errors["gender"] = _("Choose male or female.")
    if cleaned["title"] not in Artisan.Title.values:
        errors["title"] = _("Choose the title.")
    check_year(cleaned["birth_year"], errors, "birth_year")
    check_year(cleaned["year_awarded"], errors, "year_awarded")
    birth, awarded = cleaned["birth_year"], cleaned["year_awarded"]
    if birth and awarded and awarded < birth and "year_awarded" not in errors:
        errors["year_awarded"] = _("The title cannot be awarded before the artisan was born.")
    establishment: Establishment | None = cleaned["establishment"]
    village: CraftVillage | None = cleaned["craft_village"]
    province = None
    if establishment is None and village is None:
        errors["establishment"] = _("Choose the establishment or the craft village (or both).")
    elif establishment is not None and establishment.merged_into_id is not None:
        errors["establishment"] = _(
            "This establishment was merged into another record; choose that one."
        )
    elif (
        establishment is not None
        and village is not None
        and establishment.province_id != village.province_id
    ):
        errors["craft_village"] = _(
            "The craft village and the establishment must be in the same province."
        )
    if establishment is not None or village is not None:
        province = (establishment or village).province
    check_lengths(Artisan, cleaned, errors)
    if errors:
        raise ValidationError(errors)
    return cleaned, province


def artisan_create(
    *,
    by: User,
    full_name: str,
    title: str,
    trade: str,
    establishment: Establishment | None = None,
    craft_village: CraftVillage | None = None,
    gender: str = "",
    birth_year: int | None = None,
    year_awarded: int | None = None,
) -> Artisan:
    values = {key: value for key, value in locals().items() if key in ARTISAN_FIELDS}
    cleaned, province = clean_artisan(values)
    check_write_at(by, Artisan, province_id=province.pk)
    with transaction.atomic(), acting_as(by):
        artisan = Artisan(**cleaned, province=province)
        artisan.save()
    return artisan


def artisan_update(*, artisan: Artisan, by: User, expected_version: int, **values: Any) -> Artisan:
    _unknown(values, ARTISAN_FIELDS)
    check_change(by, artisan)
    merged = {key: values.get(key, getattr(artisan, key)) for key in ARTISAN_FIELDS}
    cleaned, province = clean_artisan(merged)
    check_write_at(by, Artisan, province_id=province.pk)
    with transaction.atomic(), acting_as(by):
        claim_version(artisan, expected_version)
        for key, value in cleaned.items():
            setattr(artisan, key, value)
        artisan.province = province
        artisan.save()
    return artisan
