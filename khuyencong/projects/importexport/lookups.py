"""What a cell names, looked up in the database: the province (today's, and the one recorded then
for an old project), the activity content of a decree, a place (today's commune, or a district or
commune before 1/7/2025) and a beneficiary establishment. Places and beneficiaries are looked for
in the row's province (beneficiaries in the user's area of work); when one is not found,
`CellError` says why.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from khuyencong.core.importexport.columns import CellError
from khuyencong.core.importexport.places import find_commune
from khuyencong.core.scope import restrict
from khuyencong.core.text import fold
from khuyencong.geo.models import REFORM_DATE, Commune, District, Province
from khuyencong.geo.selectors import current_province_for, find_units
from khuyencong.policy.models import ActivityContent, LegalBasis

# How a place's text says that it names a district (matched on the folded text).
DISTRICT_WORDS = ("huyen ", "quan ", "thi xa ", "thanh pho ", "h. ", "q. ", "tx ", "tx. ", "tp ")


def _valid_on(unit, day: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= day) and (
        unit.valid_to is None or day <= unit.valid_to
    )


def find_province_then(
    text: str, *, day: datetime.date | None, historical: bool
) -> tuple[Province, Province | None] | None:
    """Today's province named by `text` and, for a historical row, the province as recorded
    then: a name of before 1/7/2025 on an earlier date ("Thành phố Hải Phòng" in 2006), or an old
    name that is no more (Thái Bình). None: no such province."""
    key = fold(text.split(",")[0])
    units = [
        u
        for u in find_units(text, level="province", limit=10)
        if fold(u.name) == key or key.endswith(" " + fold(u.name))
    ]
    if not units:
        return None
    if historical and day is not None and day < REFORM_DATE:
        of_the_time = [u for u in units if _valid_on(u, day)]
        chosen = of_the_time[0] if of_the_time else units[0]
    else:
        current = [u for u in units if u.is_current]
        chosen = current[0] if current else units[0]
    if chosen.is_current:
        return chosen, None
    return current_province_for(chosen), (chosen if historical else None)


def find_content(text: str, basis: LegalBasis | None) -> ActivityContent | None:
    """An activity content by code ("134-1", "134-1. Đào tạo nghề…") or by exact name, those of
    `basis` first (several decrees share names)."""
    contents = list(ActivityContent.objects.select_related("legal_basis").order_by("pk"))
    key = fold(text)

    def first(found: list[ActivityContent]) -> ActivityContent | None:
        if basis is not None:
            found = sorted(found, key=lambda c: c.legal_basis_id != basis.pk)
        return found[0] if found else None

    by_code = [c for c in contents if fold(c.code) == key]
    if not by_code:
        match = re.match(r"^\s*([\w-]+)\s*[.:)]\s", text + " ")
        if match:
            by_code = [c for c in contents if fold(c.code) == fold(match.group(1))]
    if by_code:
        return first(by_code)
    return first([c for c in contents if key in {fold(c.name), fold(c.name_en)}])


def find_place(
    text: str, *, province: Province, province_then: Province | None
) -> Commune | District:
    """Today's commune of `province`, else a district or commune before 1/7/2025 that is part of
    it today (those of `province_then` first). Raises CellError with the reason."""
    commune = find_commune(text, {"province": province})
    if commune is not None:
        return commune
    key = fold(text.split(",")[0])
    units = [
        u
        for u in find_units(text, era="before_reform", limit=20)
        if isinstance(u, District | Commune)
        and (fold(u.name) == key or key.endswith(" " + fold(u.name)))
    ]
    units = [u for u in units if current_province_for(u).pk == province.pk]
    if province_then is not None and any(u.province_id == province_then.pk for u in units):
        units = [u for u in units if u.province_id == province_then.pk]
    if len(units) > 1 and len({type(u) for u in units}) > 1:
        districts = [u for u in units if isinstance(u, District)]
        named_district = fold(text).startswith(DISTRICT_WORDS)
        units = districts if named_district else [u for u in units if isinstance(u, Commune)]
    if len(units) > 1:
        raise CellError(
            _(
                "Several units were called “%(value)s” before 1/7/2025: add the district or the "
                "province after a comma, e.g. “Xã Lật Dương, Huyện Tiên Lãng”."
            )
            % {"value": text}
        )
    if not units:
        raise CellError(
            _(
                "“%(value)s” is neither a commune of %(province)s today nor one of its districts "
                "or communes before 1/7/2025."
            )
            % {"value": text, "province": province.name}
        )
    return units[0]


def find_beneficiary(text: str, *, user: Any, province: Province):
    """An establishment of `province` in the user's scope, by tax code or exact name."""
    from khuyencong.registry.models import Establishment

    rows = list(
        restrict(Establishment.objects.select_related("province"), user).filter(
            Q(tax_code=text) | Q(name_folded=fold(text))
        )[:20]
    )
    mine = [e for e in rows if e.province_id == province.pk]
    if len(mine) > 1:
        mine = [e for e in mine if e.merged_into_id is None] or mine
    if len(mine) == 1:
        return mine[0]
    if len(mine) > 1:
        raise CellError(
            _("Several establishments are called “%(value)s”: write the tax code.")
            % {"value": text}
        )
    if rows:
        raise CellError(
            _(
                "“%(value)s” is an establishment of %(other)s, not of the project's province "
                "(%(province)s)."
            )
            % {"value": text, "other": rows[0].province.name, "province": province.name}
        )
    raise CellError(
        _(
            "No establishment of %(province)s with the tax code or name “%(value)s” in your "
            "area of work: a project supports establishments of its own province."
        )
        % {"value": text, "province": province.name}
    )
