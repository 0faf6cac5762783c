"""Every write to establishments and their yearly revenues."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.core.actor import acting_as
from khuyencong.core.concurrency import claim_version
from khuyencong.core.formatting import vnd
from khuyencong.core.history import record_event
from khuyencong.core.scope import restrict
from khuyencong.geo.models import Commune, District, Province
from khuyencong.geo.selectors import current_province_for
from khuyencong.policy.models import EstablishmentKind
from khuyencong.registry.models import (
    ETHNIC_GROUPS,
    HOUSEHOLD_BUSINESS,
    MAJORITY_ETHNICITY,
    TAX_CODE_PATTERN,
    CraftVillage,
    Establishment,
    EstablishmentRevenue,
    Gender,
    Sector,
    name_key,
)
from khuyencong.registry.services.common import (
    check_change,
    check_current_unit,
    check_email,
    check_lengths,
    check_not_future,
    check_not_negative,
    check_write_at,
    text,
)

ESTABLISHMENT_FIELDS = (
    "name",
    "kind",
    "tax_code",
    "business_registration_no",
    "address",
    "commune",
    "commune_then",
    "district_then",
    "province_then",
    "craft_village",
    "sector",
    "main_products",
    "representative",
    "representative_gender",
    "ethnicity",
    "workers",
    "women_workers",
    "phone",
    "email",
    "status",
    "stopped_on",
)
EARLIEST_REVENUE_YEAR = 1990


class ProbableDuplicateError(ValidationError):
    """Establishments with the same name (legal-form words aside) in the same commune exist.

    The write is refused until the caller confirms it is a different establishment
    (`confirm_not_duplicate=True`). `candidates` lists them.
    """

    def __init__(self, candidates: list[Establishment]):
        self.candidates = candidates
        super().__init__(
            {
                "confirm_not_duplicate": _(
                    "An establishment with a very similar name is already recorded in this "
                    "commune. Check the list; if this is a different establishment, tick the "
                    "box and save again."
                )
            }
        )


def _then_units(values: dict[str, Any], errors: dict[str, str]) -> tuple[Any, Any, Any]:
    """The units as recorded before the reform, completed upwards (commune -> district ->
    province) and checked to fit together."""
    commune: Commune | None = values.get("commune_then")
    district: District | None = values.get("district_then")
    province: Province | None = values.get("province_then")
    for field, unit in (
        ("commune_then", commune),
        ("district_then", district),
        ("province_then", province),
    ):
        if unit is not None and unit.valid_to is None:
            errors[field] = _("Choose a unit as it was before 1 July 2025.")
    if errors:
        return commune, district, province
    if commune is not None:
        if district is None:
            district = commune.district
        elif commune.district_id != district.pk:
            errors["commune_then"] = _("This commune was not in the district given.")
        if province is None:
            province = commune.province
        elif commune.province_id != province.pk:
            errors["commune_then"] = _("This commune was not in the province given.")
    if district is not None:
        if province is None:
            province = district.province
        elif district.province_id != province.pk:
            errors["district_then"] = _("This district was not in the province given.")
    return commune, district, province


def _clean_revenues(revenues: Mapping | Iterable | None) -> dict[int, int] | None:
    """{year: VND} from a mapping, (year, amount) pairs or {"year": …, "amount": …} rows."""
    if revenues is None:
        return None
    pairs = revenues.items() if isinstance(revenues, Mapping) else revenues
    cleaned: dict[int, int] = {}
    latest = timezone.localdate().year
    for pair in pairs:
        year, amount = (pair["year"], pair["amount"]) if isinstance(pair, Mapping) else pair
        try:
            year, amount = int(year), int(amount)
        except (TypeError, ValueError):
            raise ValidationError(
                {"revenues": _("Give each revenue as a year and a whole amount in VND.")}
            ) from None
        if not EARLIEST_REVENUE_YEAR <= year <= latest:
            raise ValidationError(
                {
                    "revenues": _("Revenue years must be between %(earliest)d and %(latest)d.")
                    % {"earliest": EARLIEST_REVENUE_YEAR, "latest": latest}
                }
            )
        if amount < 0:
            raise ValidationError({"revenues": _("A revenue cannot be negative.")})
        if year in cleaned:
            raise ValidationError(
                {"revenues": _("The revenue of %(year)d is given twice.") % {"year": year}}
            )
        cleaned[year] = amount
    return cleaned


def clean_establishment(values: dict[str, Any]) -> tuple[dict[str, Any], Province]:
    """Normalise and check an establishment's values; return them and today's province.

    Rules: a name and a kind; a tax code of 10 digits (a branch: 10 digits, "-", 3 digits) for
    every kind except a household business, which may give its business registration number
    instead; today's commune, unless the record names a unit as recorded before the 2025 reform
    (then today's province is derived from that unit); women workers at most all workers; a stop
    date exactly when stopped.
    """
    errors: dict[str, str] = {}
    cleaned = {key: values.get(key) for key in ESTABLISHMENT_FIELDS}
    for key in (
        "name",
        "address",
        "representative",
        "phone",
        "email",
        "business_registration_no",
    ):
        cleaned[key] = text(values, key)
    cleaned["main_products"] = str(values.get("main_products") or "").strip()
    cleaned["tax_code"] = "".join(str(values.get("tax_code") or "").split())
    if not cleaned["name"]:
        errors["name"] = _("Enter the name.")

    kind: EstablishmentKind | None = cleaned["kind"]
    tax_code = cleaned["tax_code"]
    if kind is None:
        errors["kind"] = _("Choose the kind of establishment.")
    if tax_code and not TAX_CODE_PATTERN.match(tax_code):
        errors["tax_code"] = _(
            "A tax code has 10 digits, or for a branch 10 digits, a hyphen and 3 digits "
            "(e.g. 0200123456 or 0200123456-001)."
        )
    elif kind is not None and not tax_code:
        if kind.code != HOUSEHOLD_BUSINESS:
            errors["tax_code"] = _(
                "Enter the tax code: only a household business may be recorded without one."
            )
        elif not cleaned["business_registration_no"]:
            errors["business_registration_no"] = _(
                "Enter the tax code or the business registration number."
            )

    commune: Commune | None = cleaned["commune"]
    check_current_unit(commune, errors, "commune")
    commune_then, district_then, province_then = _then_units(cleaned, errors)
    cleaned.update(
        commune_then=commune_then, district_then=district_then, province_then=province_then
    )
    unit_then = commune_then or district_then or province_then
    province: Province | None = None
    if commune is None:
        if unit_then is None:
            errors["commune"] = _("Choose the commune, ward or special zone (today's units).")
        elif not {"commune_then", "district_then", "province_then"} & errors.keys():
            province = current_province_for(unit_then)
    elif "commune" not in errors:
        province = commune.province
        if unit_then is not None and not {"commune_then", "district_then"} & errors.keys():
            province_now = current_province_for(unit_then)
            if province_now.pk != commune.province_id:
                errors["commune"] = _(
                    "%(unit)s is part of %(province)s today: choose a commune there."
                ) % {"unit": unit_then.full_name, "province": province_now.full_name}

    village: CraftVillage | None = cleaned["craft_village"]
    if village is not None and province is not None and village.province_id != province.pk:
        errors["craft_village"] = _(
            "The craft village must be in the establishment's province (%(province)s)."
        ) % {"province": province.name}

    cleaned["sector"] = cleaned["sector"] or ""
    if cleaned["sector"] not in Sector.values and cleaned["sector"]:
        errors["sector"] = _("Choose a sector from the list.")
    cleaned["representative_gender"] = cleaned["representative_gender"] or ""
    if cleaned["representative_gender"] and cleaned["representative_gender"] not in Gender.values:
        errors["representative_gender"] = _("Choose male or female.")
    cleaned["ethnicity"] = cleaned["ethnicity"] or MAJORITY_ETHNICITY
    if cleaned["ethnicity"] not in ETHNIC_GROUPS:
        errors["ethnicity"] = _("Choose one of the 54 ethnic groups.")

    cleaned["workers"] = cleaned["workers"] or 0
    cleaned["women_workers"] = cleaned["women_workers"] or 0
    check_not_negative(cleaned["workers"], errors, "workers")
    check_not_negative(cleaned["women_workers"], errors, "women_workers")
    if "women_workers" not in errors and cleaned["women_workers"] > cleaned["workers"]:
        errors["women_workers"] = _("Women workers cannot be more than all workers.")
    check_email(cleaned["email"], errors)

    cleaned["status"] = cleaned["status"] or Establishment.Status.ACTIVE
    stopped_on: datetime.date | None = cleaned["stopped_on"]
    if cleaned["status"] not in Establishment.Status.values:
        errors["status"] = _("Choose active or stopped.")
    elif cleaned["status"] == Establishment.Status.STOPPED and stopped_on is None:
        errors["stopped_on"] = _("Enter the date the establishment stopped.")
    elif cleaned["status"] == Establishment.Status.ACTIVE and stopped_on is not None:
        errors["stopped_on"] = _("Only a stopped establishment has a stop date.")
    check_not_future(stopped_on, errors, "stopped_on")
    check_lengths(Establishment, cleaned, errors)
    if errors:
        raise ValidationError(errors)
    return cleaned, province  # type: ignore[return-value]


def check_tax_code_free(*, tax_code: str, by: User, exclude_pk: int | None = None) -> None:
    """Refuse a tax code another establishment holds, saying which one (with its address when
    the writer may open it; only the province when it is outside their scope)."""
    if not tax_code:
        return
    existing = (
        Establishment.objects.filter(tax_code=tax_code)
        .exclude(pk=exclude_pk)
        .select_related("province")
        .first()
    )
    if existing is None:
        return
    if restrict(Establishment.objects.filter(pk=existing.pk), by).exists():
        error = ValidationError(
            _("This tax code is already registered for “%(name)s”: %(url)s"),
            code="duplicate_tax_code",
            params={"name": existing.name, "url": existing.get_absolute_url(), "pk": existing.pk},
        )
    else:
        error = ValidationError(
            _(
                "This tax code is already registered for an establishment in %(province)s, "
                "outside your area of work. Ask an administrator to check it."
            ),
            code="duplicate_tax_code_elsewhere",
            params={"province": existing.province.name},
        )
    raise ValidationError({"tax_code": error})


def probable_duplicates(
    *,
    name: str,
    commune: Commune | None,
    province: Province | None,
    exclude_pk: int | None = None,
) -> list[Establishment]:
    """Records not merged away with the same name key in the same commune (or, for records
    without today's commune, in the same province without one)."""
    rows = Establishment.objects.filter(name_key=name_key(name), merged_into__isnull=True)
    if commune is not None:
        rows = rows.filter(commune=commune)
    else:
        rows = rows.filter(province=province, commune__isnull=True)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return list(rows.select_related("commune", "province", "kind").order_by("pk")[:10])


def _save(establishment: Establishment, *, by: User) -> None:
    try:
        with transaction.atomic():
            establishment.save()
    except IntegrityError:
        # Another writer took the tax code between the check and the save.
        check_tax_code_free(tax_code=establishment.tax_code, by=by, exclude_pk=establishment.pk)
        raise


def _set_revenues(establishment: Establishment, revenues: dict[int, int]) -> None:
    """Make the yearly revenues exactly `revenues`; record what changed as one event."""
    existing = {row.year: row for row in establishment.revenues.all()}
    changes: dict[str, str] = {}
    for year, amount in sorted(revenues.items()):
        row = existing.pop(year, None)
        if row is None:
            EstablishmentRevenue.objects.create(
                establishment=establishment, year=year, amount=amount
            )
            changes[str(year)] = f"— → {vnd(amount)}"
        elif row.amount != amount:
            changes[str(year)] = f"{vnd(row.amount)} → {vnd(amount)}"
            row.amount = amount
            row.save()
    for year, row in sorted(existing.items()):
        changes[str(year)] = f"{vnd(row.amount)} → —"
        row.delete()
    if changes:
        record_event(establishment, "establishment.revenues_changed", data=changes)


def establishment_create(
    *,
    by: User,
    name: str,
    kind: EstablishmentKind | None,
    commune: Commune | None = None,
    tax_code: str = "",
    business_registration_no: str = "",
    address: str = "",
    commune_then: Commune | None = None,
    district_then: District | None = None,
    province_then: Province | None = None,
    craft_village: CraftVillage | None = None,
    sector: str = "",
    main_products: str = "",
    representative: str = "",
    representative_gender: str = "",
    ethnicity: str = MAJORITY_ETHNICITY,
    workers: int | None = 0,
    women_workers: int | None = 0,
    phone: str = "",
    email: str = "",
    status: str = Establishment.Status.ACTIVE,
    stopped_on: datetime.date | None = None,
    revenues: Mapping | Iterable | None = None,
    confirm_not_duplicate: bool = False,
) -> Establishment:
    values = {key: value for key, value in locals().items() if key in ESTABLISHMENT_FIELDS}
    cleaned, province = clean_establishment(values)
    yearly = _clean_revenues(revenues)
    commune = cleaned["commune"]
    check_write_at(
        by,
        Establishment,
        province_id=province.pk,
        commune_id=commune.pk if commune is not None else None,
    )
    check_tax_code_free(tax_code=cleaned["tax_code"], by=by)
    if not confirm_not_duplicate:
        candidates = probable_duplicates(name=cleaned["name"], commune=commune, province=province)
        if candidates:
            raise ProbableDuplicateError(candidates)
    with transaction.atomic(), acting_as(by):
        establishment = Establishment(**cleaned, province=province)
        _save(establishment, by=by)
        if yearly:
            _set_revenues(establishment, yearly)
    return establishment


def establishment_update(
    *,
    establishment: Establishment,
    by: User,
    expected_version: int,
    revenues: Mapping | Iterable | None = None,
    confirm_not_duplicate: bool = False,
    **values: Any,
) -> Establishment:
    """Change the fields given (others keep their values); `revenues=None` leaves them as they
    are, a mapping replaces them."""
    unknown = set(values) - set(ESTABLISHMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown establishment fields: {sorted(unknown)}")
    check_change(by, establishment)
    if establishment.merged_into_id is not None:
        raise ValidationError(
            _("This establishment was merged into “%(name)s”; change that record instead.")
            % {"name": establishment.merged_into.name}
        )
    merged = {key: values.get(key, getattr(establishment, key)) for key in ESTABLISHMENT_FIELDS}
    cleaned, province = clean_establishment(merged)
    yearly = _clean_revenues(revenues)
    commune = cleaned["commune"]
    check_write_at(
        by,
        Establishment,
        province_id=province.pk,
        commune_id=commune.pk if commune is not None else None,
    )
    check_tax_code_free(tax_code=cleaned["tax_code"], by=by, exclude_pk=establishment.pk)
    moved = name_key(cleaned["name"]) != establishment.name_key or (
        getattr(commune, "pk", None) != establishment.commune_id
    )
    if moved and not confirm_not_duplicate:
        candidates = probable_duplicates(
            name=cleaned["name"], commune=commune, province=province, exclude_pk=establishment.pk
        )
        if candidates:
            raise ProbableDuplicateError(candidates)
    with transaction.atomic(), acting_as(by):
        claim_version(establishment, expected_version)
        for key, value in cleaned.items():
            setattr(establishment, key, value)
        establishment.province = province
        _save(establishment, by=by)
        if yearly is not None:
            _set_revenues(establishment, yearly)
    return establishment
