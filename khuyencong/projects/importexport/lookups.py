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
from khuyencong.core.importexport.memo import remembered
from khuyencong.core.importexport.places import find_commune, province_index
from khuyencong.core.scope import restrict
from khuyencong.core.text import fold
from khuyencong.geo.models import REFORM_DATE, Commune, District, Province, ProvinceSuccession
from khuyencong.geo.selectors import UnitIndex, current_province_for
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
        for u in province_index().find(text, level="province")
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
    today = remembered(("current-province-for", chosen.pk), lambda: current_province_for(chosen))
    return today, (chosen if historical else None)


def basis_for_projects_on(day: datetime.date) -> LegalBasis | None:
    """`legal_basis_for_projects_on` among the project bases read once per import."""
    bases = remembered(
        ("project-bases",),
        lambda: list(LegalBasis.objects.project_bases().order_by("-effective_from", "-pk")),
    )
    return next((basis for basis in bases if basis.is_in_force_on(day)), None)


def find_content(text: str, basis: LegalBasis | None) -> ActivityContent | None:
    """An activity content by code ("134-1", "134-1. Đào tạo nghề…") or by exact name, those of
    `basis` first (several decrees share names)."""
    contents = remembered(
        ("activity-contents",),
        lambda: list(ActivityContent.objects.select_related("legal_basis").order_by("pk")),
    )
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


def units_before_reform(province: Province) -> UnitIndex:
    """The districts and communes before 1/7/2025 that are part of `province` today (their
    province of the time became it), read once per import."""

    def load() -> UnitIndex:
        old = ProvinceSuccession.objects.filter(new=province).values("old_id")
        districts = District.objects.before_reform().filter(province__in=old)
        communes = Commune.objects.before_reform().filter(province__in=old)
        return UnitIndex(
            [
                *districts.select_related("province"),
                *communes.select_related("province", "district"),
            ]
        )

    return remembered(("units-before-reform", province.pk), load)


def find_place(
    text: str, *, province: Province, province_then: Province | None
) -> Commune | District:
    """Today's commune of `province`, else a district or commune before 1/7/2025 that is part of
    it today (those of `province_then` first). Raises CellError with the reason."""
    commune = find_commune(text, {"province": province})
    if commune is not None:
        return commune
    key = fold(text.split(",")[0])
    index = units_before_reform(province)
    units = [u for u in index.find(text) if fold(u.name) == key or key.endswith(" " + fold(u.name))]
    if province_then is not None and any(u.province_id == province_then.pk for u in units):
        units = [u for u in units if u.province_id == province_then.pk]
    if len(units) > 1 and len({type(u) for u in units}) > 1:
        districts = [u for u in units if isinstance(u, District)]
        named_district = fold(text).startswith(DISTRICT_WORDS)
        units = districts if named_district else [u for u in units if isinstance(u, Commune)]
    units = index.decide(text, units)  # last: the province of the time decides first
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


def _establishments_by_key(province: Province, user: Any) -> dict[tuple[str, str], list]:
    """The establishments of `province` in the user's scope by tax code and folded name, read
    once per import (what a project's checks need of them: name, province, merger)."""
    from khuyencong.registry.models import Establishment

    rows = restrict(Establishment.objects.filter(province=province), user).only(
        "id", "name", "tax_code", "name_folded", "province_id", "merged_into_id"
    )
    found: dict[tuple[str, str], list] = {}
    for establishment in rows.order_by("pk"):
        if establishment.tax_code:
            found.setdefault(("tax", establishment.tax_code), []).append(establishment)
        found.setdefault(("name", establishment.name_folded), []).append(establishment)
    return found


def find_beneficiary(text: str, *, user: Any, province: Province):
    """An establishment of `province` in the user's scope, by tax code or exact name."""
    from khuyencong.registry.models import Establishment

    known = remembered(
        ("establishments", province.pk, getattr(user, "pk", None)),
        lambda: _establishments_by_key(province, user),
    )
    mine = list(
        {
            e.pk: e for e in (*known.get(("tax", text), ()), *known.get(("name", fold(text)), ()))
        }.values()
    )
    if len(mine) > 1:
        mine = [e for e in mine if e.merged_into_id is None] or mine
    if len(mine) == 1:
        return mine[0]
    if len(mine) > 1:
        raise CellError(
            _("Several establishments are called “%(value)s”: write the tax code.")
            % {"value": text}
        )
    elsewhere = (
        restrict(Establishment.objects.select_related("province"), user)
        .filter(Q(tax_code=text) | Q(name_folded=fold(text)))
        .first()
    )
    if elsewhere is not None:
        raise CellError(
            _(
                "“%(value)s” is an establishment of %(other)s, not of the project's province "
                "(%(province)s)."
            )
            % {"value": text, "other": elsewhere.province.name, "province": province.name}
        )
    raise CellError(
        _(
            "No establishment of %(province)s with the tax code or name “%(value)s” in your "
            "area of work: a project supports establishments of its own province."
        )
        % {"value": text, "province": province.name}
    )
