"""Reads of the administrative units: today's province of any unit, the communes an old unit
became, and lookup by name that ignores diacritics, case and prefixes.

Units are reference data every signed-in user may read, so these reads are not scoped.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from khuyencong.core.text import fold
from khuyencong.geo.models import (
    LAST_DAY_BEFORE_REFORM,
    AreaClass,
    Commune,
    CommuneSuccession,
    District,
    Province,
)

Unit = Province | District | Commune
Level = Literal["province", "district", "commune"]
Era = Literal["current", "before_reform"]

LEVELS: dict[str, type[Unit]] = {"province": Province, "district": District, "commune": Commune}
LEVEL_RANK = {"province": 0, "district": 1, "commune": 2}


def current_province_for(unit: Unit) -> Province:
    """The province in force today for any unit, old or current (Thái Bình -> Hưng Yên)."""
    if isinstance(unit, Commune) and unit.is_current:
        return unit.province
    if isinstance(unit, District | Commune):
        province_id = unit.province_id
    elif isinstance(unit, Province):
        if unit.is_current:
            return unit
        province_id = unit.pk
    else:
        raise TypeError(f"not an administrative unit: {unit!r}")
    return Province.objects.get(predecessors__old_id=province_id)


def candidate_communes_for(unit: Commune | District) -> list[tuple[Commune, bool]]:
    """Today's communes an old unit became, the default first, each with its `is_default` flag.

    An old district gives the union of its communes' successors, a commune marked default when it
    is the default successor of any of them. A district that had no communes (five island
    districts) became the special zone of the same name in its successor province.
    """
    if isinstance(unit, Commune) and unit.is_current:
        return [(unit, True)]
    if isinstance(unit, Commune):
        successions = CommuneSuccession.objects.filter(old=unit)
    elif isinstance(unit, District):
        successions = CommuneSuccession.objects.filter(old__district=unit)
    else:
        raise TypeError(f"not an old commune or district: {unit!r}")
    found: dict[int, tuple[Commune, bool]] = {}
    for succession in successions.select_related("new").order_by("-is_default", "new__code"):
        commune, was_default = found.get(succession.new_id, (succession.new, False))
        found[succession.new_id] = (commune, was_default or succession.is_default)
    if not found and isinstance(unit, District):
        zone = (
            Commune.objects.current()
            .filter(province__predecessors__old_id=unit.province_id, name_folded=unit.name_folded)
            .first()
        )
        return [(zone, True)] if zone else []
    return sorted(found.values(), key=lambda item: (not item[1], item[0].code))


def communes_for_select(province: Province, q: str = "", *, limit: int = 20) -> list[Commune]:
    """Today's communes of a province (an old province stands for its successor) for a searchable
    select: names starting with the text first, then names containing it."""
    if not province.is_current:
        province = current_province_for(province)
    communes = Commune.objects.current().filter(province=province)
    text = _strip_prefix(q)[1] if q.strip() else ""
    if text:
        communes = communes.filter(_tokens_q("name_folded", text)).annotate(
            rank=Case(
                When(name_folded__startswith=text, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        communes = communes.order_by("rank", "name_folded", "code")
    else:
        communes = communes.order_by("name_folded", "code")
    return list(communes[:limit])


def area_classes_of(commune: Commune, on_date: datetime.date | None = None) -> QuerySet:
    """The area classes of a commune on a day (today by default): the commune's own tags and its
    province's whole-province tags in force that day."""
    day = on_date or timezone.localdate()
    # One filter() call, so that every condition applies to the same tag.
    in_force = (
        (
            Q(tags__commune=commune)
            | Q(tags__commune__isnull=True, tags__province_id=commune.province_id)
        )
        & Q(tags__valid_from__lte=day)
        & (Q(tags__valid_to__isnull=True) | Q(tags__valid_to__gte=day))
    )
    return AreaClass.objects.filter(in_force).distinct().order_by("name")


# --- find_units -------------------------------------------------------------------------------

# Prefix as written (lower case, with diacritics) -> the levels and kinds it names.
_PREFIXES: list[tuple[str, set[str], set[str]]] = [
    ("thành phố", {"province", "district"}, {"city", "thanh_pho"}),
    ("tp.", {"province", "district"}, {"city", "thanh_pho"}),
    ("tp", {"province", "district"}, {"city", "thanh_pho"}),
    ("tỉnh", {"province"}, {"province"}),
    ("huyện", {"district"}, {"huyen"}),
    ("h.", {"district"}, {"huyen"}),
    ("quận", {"district"}, {"quan"}),
    ("q.", {"district"}, {"quan"}),
    ("thị xã", {"district"}, {"thi_xa"}),
    ("tx.", {"district"}, {"thi_xa"}),
    ("tx", {"district"}, {"thi_xa"}),
    ("thị trấn", {"commune"}, {"thi_tran"}),
    ("tt.", {"commune"}, {"thi_tran"}),
    ("tt", {"commune"}, {"thi_tran"}),
    ("xã", {"commune"}, {"xa"}),
    ("phường", {"commune"}, {"phuong"}),
    ("p.", {"commune"}, {"phuong"}),
    ("đặc khu", {"commune", "district"}, {"dac_khu"}),
]
# Each prefix as written and without its diacritics (folded once, not at every lookup).
_PREFIX_FORMS = [(prefix, (prefix[0], fold(prefix[0]))) for prefix in _PREFIXES]
_ALIASES = {"hcm": "ho chi minh", "tphcm": "ho chi minh", "sai gon": "ho chi minh", "hn": "ha noi"}
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class _Part:
    """One comma-separated part of the text: a name and what its prefix said about it."""

    key: str  # folded, punctuation removed: "ba ria vung tau"
    levels: frozenset[str] | None = None
    kinds: frozenset[str] = frozenset()


def _key(text: str) -> str:
    return " ".join(_NOT_WORD.split(fold(text))).strip()


def _strip_prefix(text: str) -> tuple[tuple[str, set[str], set[str]] | None, str]:
    """Split a known prefix off; return it and the folded rest ("Quận 1" -> quận, "1").

    A prefix counts with or without its diacritics ("quan 1"), and only when a name follows.
    `_parse` also reads a prefix typed without diacritics as part of the name ("Quan Hóa").
    """
    lowered = unicodedata.normalize("NFC", " ".join(text.split())).lower()
    for prefix, forms in _PREFIX_FORMS:
        for candidate in forms:
            if lowered.startswith(candidate) and (
                candidate.endswith(".") or lowered[len(candidate) : len(candidate) + 1] in {" ", ""}
            ):
                rest = _key(lowered[len(candidate) :])
                if rest:
                    return prefix, rest
    return None, _key(lowered)


def _parse(part: str) -> list[_Part]:
    """Readings of one part: with its prefix stripped, and (when the prefix had no diacritics
    and could be the start of a name) the whole text as a name."""
    prefix, rest = _strip_prefix(part)
    readings = []
    if prefix is not None:
        readings += _with_alias(rest, frozenset(prefix[1]), frozenset(prefix[2]))
        lowered = unicodedata.normalize("NFC", part.strip()).lower()
        if lowered.startswith(prefix[0]):
            return readings
    readings += _with_alias(_key(part), None, frozenset())
    return readings


def _with_alias(key: str, levels: frozenset[str] | None, kinds: frozenset[str]) -> list[_Part]:
    """The reading of a name, and the province its alias names ("Sài Gòn" is also a ward)."""
    readings = []
    alias = _ALIASES.get(key)
    if alias is not None and (levels is None or "province" in levels):
        readings.append(_Part(alias, frozenset({"province"}), kinds))
    readings.append(_Part(key, levels, kinds))
    return readings


def _tokens_q(field: str, key: str) -> Q:
    condition = Q()
    for token in key.split():
        condition &= Q(**{f"{field}__contains": token})
    return condition


def _quality(name_key: str, key: str) -> int:
    if name_key == key:
        return 0
    if name_key.startswith(key):
        return 1
    return 2 if set(key.split()) <= set(name_key.split()) else 3  # 3: parts of words


def _ancestors(unit: Unit) -> list[tuple[str, str]]:
    """(level, key) of the units containing this one, smallest first."""
    chain: list[tuple[str, str]] = []
    if isinstance(unit, Commune) and unit.district_id:
        chain.append(("district", _key(unit.district.name)))
    if isinstance(unit, District | Commune):
        chain.append(("province", _key(unit.province.name)))
    return chain


def _parents_match(unit: Unit, parents: list[list[_Part]]) -> bool:
    chain = _ancestors(unit)
    position = 0
    for readings in parents:
        for index in range(position, len(chain)):
            level, key = chain[index]
            if any(
                (r.levels is None or level in r.levels)
                and r.key
                and set(r.key.split()) <= set(key.split())
                for r in readings
            ):
                position = index + 1
                break
        else:
            return False
    return True


def find_units(
    text: str,
    *,
    level: Level | None = None,
    era: Era | None = None,
    limit: int = 20,
) -> list[Unit]:
    """Units whose name matches `text`, best first, ignoring diacritics, case and prefixes.

    "Huyện Tiên Lãng, Hải Phòng" reads as a unit and then the units containing it, smallest to
    largest. Ranking: exact name, then name starting with the text, then containing its words;
    within that a unit of the kind the prefix named, provinces before districts before communes,
    units in force today before older ones.
    """
    parts = [p for p in (s.strip() for s in text.split(",")) if p]
    if not parts:
        return []
    readings = [r for r in _parse(parts[0]) if r.key]
    parents = [_parse(p) for p in parts[1:]]
    best: dict[tuple[str, int], tuple[tuple, Unit]] = {}
    for reading in readings:
        for level_name, model in LEVELS.items():
            if (level and level_name != level) or (
                reading.levels is not None and level_name not in reading.levels
            ):
                continue
            for unit in _candidates(model, reading.key, parents, era):
                if not _parents_match(unit, parents):
                    continue
                score = (
                    _quality(_key(unit.name), reading.key),
                    0 if not reading.kinds or unit.kind in reading.kinds else 1,
                    0 if reading.levels is not None else 1,
                    LEVEL_RANK[level_name],
                    0 if unit.is_current else 1,
                    unit.name_folded,
                    unit.code,
                )
                seen = best.get((level_name, unit.pk))
                if seen is None or score < seen[0]:
                    best[(level_name, unit.pk)] = (score, unit)
    ranked = sorted(best.values(), key=lambda item: item[0])
    return [unit for _, unit in ranked[:limit]]


def _candidates(
    model: type[Unit], key: str, parents: list[list[_Part]], era: Era | None
) -> list[Unit]:
    """Units whose folded name contains every word of `key`, narrowed in SQL by the parents'
    words (a superset of what `_parents_match` keeps); exact and prefix matches come first."""
    if model is Province and parents:
        return []
    units = model.objects.filter(_tokens_q("name_folded", key))
    if era == "current":
        units = units.filter(valid_to__isnull=True)
    elif era == "before_reform":
        units = units.filter(valid_to=LAST_DAY_BEFORE_REFORM)
    for readings in parents:
        condition = Q()
        for reading in readings:
            condition |= _tokens_q("province__name_folded", reading.key)
            if model is Commune:
                condition |= _tokens_q("district__name_folded", reading.key)
        units = units.filter(condition)
    related = {Province: [], District: ["province"], Commune: ["province", "district"]}[model]
    units = units.select_related(*related).annotate(
        rank=Case(
            When(name_folded=key, then=Value(0)),
            When(name_folded__startswith=key, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )
    return list(units.order_by("rank", "code")[:200])


class UnitIndex:
    """`find_units` among a fixed set of units, in memory, for exact names only: for a lookup
    repeated thousands of times (an import reads a place name on every row). The units must be
    loaded with their district and province (the parts after a comma are matched on them).

    `find` gives the units `find_units` ranks as exact matches (the name, with or without its
    prefix, and the parents written after commas), best first, no partial names. Between units
    of the same name that remain once the caller narrowed them (to a province of the time, say),
    `decide` keeps those the text names best: the kind its prefix names (Huyện Kỳ Anh, not Thị xã
    Kỳ Anh), then the diacritics as written (Sơn Hà, not Sơn Hạ).
    """

    def __init__(self, units) -> None:
        self._by_key: dict[str, list[tuple[str, Unit]]] = {}
        self._found: dict[tuple[str, str | None], list[Unit]] = {}
        self._named: dict[str, dict[tuple[str, int], tuple[int, int]]] = {}
        for unit in units:
            self._by_key.setdefault(_key(unit.name), []).append((_level_of(unit), unit))

    def find(self, text: str, *, level: Level | None = None) -> list[Unit]:
        key = (text, level)
        if key not in self._found:  # the same names come back row after row
            self._found[key] = self._find(text, level)
        return list(self._found[key])

    def decide(self, text: str, units: list[Unit]) -> list[Unit]:
        """Of `units` found for `text`, those it names best (see the class); all when none is
        named better than another."""
        if len(units) < 2:
            return units
        if text not in self._named:
            self.find(text)
        named = self._named.get(text, {})
        scores = [named.get((_level_of(u), u.pk), (1, 1)) for u in units]
        best = min(scores)
        return [u for u, score in zip(units, scores, strict=True) if score == best]

    def _find(self, text: str, level: Level | None) -> list[Unit]:
        parts = [p for p in (s.strip() for s in text.split(",")) if p]
        if not parts:
            return []
        readings = [r for r in _parse(parts[0]) if r.key]
        parents = [_parse(p) for p in parts[1:]]
        written = _as_written(parts[0])
        named = self._named.setdefault(text, {})
        best: dict[tuple[str, int], tuple[tuple, Unit]] = {}
        for reading in readings:
            for level_name, unit in self._by_key.get(reading.key, ()):
                if (level and level_name != level) or (
                    reading.levels is not None and level_name not in reading.levels
                ):
                    continue
                if (level_name == "province" and parents) or not _parents_match(unit, parents):
                    continue
                how_named = (
                    0 if not reading.kinds or unit.kind in reading.kinds else 1,
                    0 if _normal(unit.name) in written else 1,
                )
                score = (
                    how_named[0],
                    0 if reading.levels is not None else 1,
                    LEVEL_RANK[level_name],
                    0 if unit.is_current else 1,
                    unit.name_folded,
                    unit.code,
                )
                named[(level_name, unit.pk)] = min(
                    how_named, named.get((level_name, unit.pk), (1, 1))
                )
                seen = best.get((level_name, unit.pk))
                if seen is None or score < seen[0]:
                    best[(level_name, unit.pk)] = (score, unit)
        return [unit for _, unit in sorted(best.values(), key=lambda item: item[0])]


def _level_of(unit: Unit) -> str:
    return next(name for name, model in LEVELS.items() if isinstance(unit, model))


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _as_written(part: str) -> set[str]:
    """The name in `part` with its diacritics, with and without a prefix ("xã sơn hà", "sơn hà")."""
    whole = _normal(part)
    names = {whole}
    for prefix in _PREFIXES:
        if whole.startswith(prefix[0] + " "):
            names.add(whole[len(prefix[0]) + 1 :].strip())
    return names
