"""Columns for places: today's province and commune, read from names as people write them
(with or without diacritics and prefixes; an old province name is read as today's province)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.core.importexport.columns import CellError, LookupColumn
from khuyencong.core.importexport.memo import remembered
from khuyencong.core.text import fold
from khuyencong.geo.models import Commune, Province
from khuyencong.geo.selectors import UnitIndex, current_province_for


def province_index() -> UnitIndex:
    """Every province, today's and before 1/7/2025 (read once per import)."""
    return remembered(("provinces",), lambda: UnitIndex(Province.objects.all()))


def current_commune_index(province: Province | None) -> UnitIndex:
    """Today's communes of `province` (of the whole country when None), read once per import."""

    def load() -> UnitIndex:
        communes = Commune.objects.current().select_related("province", "district")
        if province is not None:
            communes = communes.filter(province=province)
        return UnitIndex(communes)

    return remembered(("current-communes", getattr(province, "pk", None)), load)


def _exact(units: list, text: str) -> list:
    key = fold(text.split(",")[0])
    return [u for u in units if fold(u.name) == key or key.endswith(" " + fold(u.name))]


def find_province(text: str, row: dict[str, Any]) -> Province | None:
    """Today's province named by `text`; an old name (Thái Bình) gives its successor (Hưng Yên)."""
    matches = _exact(province_index().find(text, level="province"), text)
    if not matches:
        return None
    current = [p for p in matches if p.is_current]
    if current:
        return current[0]
    old = matches[0]
    return remembered(("current-province-for", old.pk), lambda: current_province_for(old))


def find_commune(
    text: str, row: dict[str, Any], province_field: str = "province"
) -> Commune | None:
    province = row.get(province_field)
    index = current_commune_index(province)
    # The province is a parent the name must fit, as "name, province" to find_units.
    query = f"{text}, {province.name}" if province is not None else text
    matches = _exact(index.find(query, level="commune"), text)
    if len(matches) > 1 and len({c.kind for c in matches}) > 1:
        prefixed = [c for c in matches if fold(text).startswith(fold(c.get_kind_display()))]
        matches = prefixed or matches
    matches = index.decide(query, matches)
    if len(matches) > 1:
        raise CellError(
            _(
                "Several communes are called “%(value)s”: write the kind (Xã/Phường) and the "
                "province."
            )
            % {"value": text}
        )
    return matches[0] if matches else None


def province_column(name: str = "province", **kwargs) -> LookupColumn:
    return LookupColumn(
        name,
        kwargs.pop("header", gettext_lazy("Province")),
        find=find_province,
        display=lambda p: p.name,
        not_found=gettext_lazy("No province or city called “%(value)s”."),
        help=kwargs.pop("help", gettext_lazy("Name of today's province or city, e.g. Hưng Yên.")),
        example=kwargs.pop("example", "Hưng Yên"),
        **kwargs,
    )


def commune_column(name: str = "commune", **kwargs) -> LookupColumn:
    return LookupColumn(
        name,
        kwargs.pop("header", gettext_lazy("Commune")),
        find=find_commune,
        display=lambda c: c.full_name,
        not_found=gettext_lazy("No commune or ward called “%(value)s” in the province today."),
        help=kwargs.pop(
            "help", gettext_lazy("Today's commune, ward or special zone, e.g. Xã Tân Hưng.")
        ),
        example=kwargs.pop("example", "Phường Phố Hiến"),
        **kwargs,
    )
