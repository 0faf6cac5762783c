"""Writes of entries: registration with its eligibility checks, photos and dossier documents."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.contests.data import region_of
from khuyencong.contests.models import (
    Certificate,
    Entry,
    EntryDocument,
    EntryPhoto,
    Level,
    ProductGroup,
    Round,
    RoundStatus,
    level_below,
)
from khuyencong.contests.services.access import check, may_enter, may_manage
from khuyencong.core.concurrency import claim_version
from khuyencong.core.services import write
from khuyencong.registry.models import Establishment

ENTRY_FIELDS = (
    "product_name",
    "description",
    "group",
    "mass_producible",
    "lower_certificate",
    "external_certificate_number",
    "external_certificate_date",
    "external_certificate_level",
)


def eligibility_errors(round_: Round, establishment: Establishment | None) -> dict[str, str]:
    """Why the establishment cannot enter the round (empty: it can)."""
    if establishment is None:
        return {"establishment": _("Choose the establishment.")}
    if establishment.is_merged:
        return {"establishment": _("This establishment was merged into another record.")}
    if establishment.status != Establishment.Status.ACTIVE:
        return {"establishment": _("This establishment has stopped operating.")}
    if round_.level == Level.COMMUNE and establishment.commune_id != round_.commune_id:
        return {"establishment": _("The establishment is not in the commune of the round.")}
    if round_.level == Level.PROVINCE and establishment.province_id != round_.province_id:
        return {"establishment": _("The establishment is not in the province of the round.")}
    if round_.level == Level.REGION and region_of(establishment.province) != round_.region:
        return {"establishment": _("The establishment is not in the region of the round.")}
    return {}


def _clean(round_: Round, establishment, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: values.get(k) for k in ENTRY_FIELDS}
    errors = eligibility_errors(round_, establishment)
    cleaned["product_name"] = str(cleaned["product_name"] or "").strip()
    cleaned["description"] = str(cleaned["description"] or "").strip()
    cleaned["external_certificate_number"] = str(
        cleaned["external_certificate_number"] or ""
    ).strip()
    cleaned["external_certificate_level"] = cleaned["external_certificate_level"] or ""
    if not cleaned["product_name"]:
        errors["product_name"] = _("Enter the product name.")
    if cleaned["group"] not in ProductGroup.values:
        errors["group"] = _("Choose the product group.")
    if not cleaned["mass_producible"]:
        errors["mass_producible"] = _(
            "The product must be mass producible, not a one-off: confirm the declaration."
        )
    below = level_below(round_.level)
    if round_.level in (Level.REGION, Level.NATIONAL):
        certificate: Certificate | None = cleaned["lower_certificate"]
        external = cleaned["external_certificate_number"]
        if certificate is not None:
            if certificate.level != below:
                errors["lower_certificate"] = _(
                    "The certificate must be of the level just below (%(level)s)."
                ) % {"level": Level(below).label}
            elif establishment is not None and certificate.establishment_id != establishment.pk:
                errors["lower_certificate"] = _("The certificate belongs to another establishment.")
        elif external:
            if cleaned["external_certificate_date"] is None:
                errors["external_certificate_date"] = _("Enter the certificate's date.")
            if cleaned["external_certificate_level"] != below:
                errors["external_certificate_level"] = _(
                    "The certificate must be of the level just below (%(level)s)."
                ) % {"level": Level(below).label}
        else:
            errors["lower_certificate"] = _(
                "A %(level)s round needs the product's certificate of the %(below)s level: "
                "choose it, or record the certificate's number, date and level."
            ) % {"level": Level(round_.level).label.lower(), "below": Level(below).label.lower()}
    else:
        cleaned["lower_certificate"] = None
    if errors:
        raise ValidationError(errors)
    return cleaned


def _add_files(entry: Entry, photos, documents, by: User) -> None:
    for upload in photos or ():
        photo = EntryPhoto(entry=entry)
        photo.fill_from_upload(upload, by=by)
        photo.save()
    for upload in documents or ():
        document = EntryDocument(entry=entry, title=getattr(upload, "name", ""))
        document.fill_from_upload(upload, by=by)
        document.save()


@write
def entry_create(
    *,
    round_: Round,
    by: User,
    establishment: Establishment | None,
    photos=(),
    documents=(),
    previous_entry: Entry | None = None,
    **values: Any,
) -> Entry:
    round_ = Round.objects.get(pk=round_.pk)
    check(may_enter(by, round_, establishment), _("You may not register entries in this round."))
    if round_.status != RoundStatus.REGISTRATION:
        raise ValidationError(_("Registration for this round is closed."))
    cleaned = _clean(round_, establishment, values)
    entry = Entry(
        round=round_,
        establishment=establishment,
        province=establishment.province,
        commune=establishment.commune,
        previous_entry=previous_entry,
        **cleaned,
    )
    entry.save()
    _add_files(entry, photos, documents, by)
    return entry


@write
def entry_update(*, entry: Entry, by: User, expected_version: int, **values: Any) -> Entry:
    round_ = entry.round
    check(may_enter(by, round_, entry.establishment))
    if round_.status != RoundStatus.REGISTRATION:
        raise ValidationError(_("Entries cannot change once registration has closed."))
    merged = {**{k: getattr(entry, k) for k in ENTRY_FIELDS}, **values}
    cleaned = _clean(round_, entry.establishment, merged)
    claim_version(entry, expected_version)
    for key, value in cleaned.items():
        setattr(entry, key, value)
    entry.save()
    return entry


@write
def files_add(*, entry: Entry, by: User, photos=(), documents=()) -> Entry:
    check(may_enter(by, entry.round, entry.establishment) or may_manage(by, entry.round))
    if entry.round.status == RoundStatus.CLOSED:
        raise ValidationError(_("The round is closed."))
    _add_files(entry, photos, documents, by)
    return entry
