"""Columns: how one cell is read from a file and written back.

Cells come from xlsx (typed values) or csv (text). Numbers with Vietnamese separators
("1.234.567") and dates written as text ("05/03/2024") are read correctly; anything ambiguous
gets a clear message instead of a guess.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from khuyencong.core.importexport.memo import remembered
from khuyencong.core.text import fold


class CellError(ValueError):
    """A value that cannot be read; the message is shown next to the row and column."""


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


@dataclass
class Column:
    name: str
    header: str | Promise
    required: bool = False
    help: str | Promise = ""
    example: str = ""
    # How to read the stored value from a row when it is not the attribute `name`.
    source: Callable[[Any], Any] | None = None
    aliases: tuple[str, ...] = ()

    def header_keys(self) -> set[str]:
        """The folded texts a file's header may use for this column."""
        return {fold(str(self.header)), fold(self.name), *(fold(a) for a in self.aliases)}

    def read(self, raw: Any, row: dict[str, Any]) -> Any:
        if is_blank(raw):
            if self.required:
                raise CellError(_("This value is required."))
            return self.empty()
        return self.parse(raw, row)

    def empty(self) -> Any:
        return None

    def parse(self, raw: Any, row: dict[str, Any]) -> Any:
        return raw

    def value_of(self, obj: Any) -> Any:
        return self.source(obj) if self.source is not None else getattr(obj, self.name, None)

    def export(self, obj: Any) -> Any:
        return self.value_of(obj)

    def normalise(self, value: Any) -> Any:
        """The form in which a value is compared to decide whether a row is unchanged."""
        return value


@dataclass
class TextColumn(Column):
    max_length: int = 255

    def empty(self) -> str:
        return ""

    def parse(self, raw: Any, row: dict[str, Any]) -> str:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, datetime.datetime | datetime.date):
            raise CellError(_("Expected text, found a date."))
        text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(raw))).strip()
        if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
            text = text[1:]  # the quote our CSV export puts before formula-like text
        if len(text) > self.max_length:
            raise CellError(_("At most %(n)d characters.") % {"n": self.max_length})
        return text

    def normalise(self, value: Any) -> Any:
        return value or ""


_VN_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_PLAIN_INT = re.compile(r"^-?\d+$")


@dataclass
class IntegerColumn(Column):
    minimum: int | None = 0
    maximum: int | None = None

    def parse(self, raw: Any, row: dict[str, Any]) -> int:
        if isinstance(raw, bool):
            raise CellError(_("Expected a whole number."))
        if isinstance(raw, int):
            value = raw
        elif isinstance(raw, float):
            if not raw.is_integer():
                raise CellError(_("Expected a whole number, found %(value)s.") % {"value": raw})
            value = int(raw)
        else:
            text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
            if _PLAIN_INT.match(text):
                value = int(text)
            elif _VN_GROUPED.match(text):
                value = int(text.replace(".", ""))
            else:
                raise CellError(
                    _(
                        "“%(value)s” is not a whole number. Write it as 1234567 or 1.234.567 "
                        "(dots between thousands, no decimals)."
                    )
                    % {"value": raw}
                )
        if self.minimum is not None and value < self.minimum:
            raise CellError(_("Must be at least %(n)s.") % {"n": self.minimum})
        if self.maximum is not None and value > self.maximum:
            raise CellError(_("Must be at most %(n)s.") % {"n": self.maximum})
        return value


@dataclass
class DateColumn(Column):
    def parse(self, raw: Any, row: dict[str, Any]) -> datetime.date:
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        text = str(raw).strip()
        for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise CellError(
            _("“%(value)s” is not a date. Write it as dd/mm/yyyy, e.g. 05/03/2024.")
            % {"value": raw}
        )


YES_WORDS = {"co", "x", "yes", "true", "1", "dung"}
NO_WORDS = {"khong", "no", "false", "0", "sai"}


@dataclass
class BooleanColumn(Column):
    def empty(self) -> bool:
        return False

    def parse(self, raw: Any, row: dict[str, Any]) -> bool:
        if isinstance(raw, bool):
            return raw
        key = fold(str(raw))
        if key in YES_WORDS:
            return True
        if key in NO_WORDS:
            return False
        raise CellError(_("Write “Có” or “Không”."))

    def export(self, obj: Any) -> str:
        return str(gettext_lazy("Yes") if self.value_of(obj) else gettext_lazy("No"))

    def normalise(self, value: Any) -> Any:
        return bool(value)


@dataclass
class ChoiceColumn(Column):
    """A value from a fixed list, written as its label (or its code)."""

    choices: Iterable[tuple[str, Any]] = field(default_factory=list)

    def _lookup(self) -> dict[str, str]:
        table = {}
        for code, label in self.choices:
            table[fold(str(code))] = code
            table[fold(str(label))] = code
        return table

    def empty(self) -> str:
        return ""

    def parse(self, raw: Any, row: dict[str, Any]) -> str:
        # The table of words is built once per import (and language), not for every cell.
        table = remembered(("choice-words", id(self), get_language()), self._lookup)
        code = table.get(fold(str(raw)))
        if code is None:
            allowed = "; ".join(str(label) for _code, label in self.choices)
            raise CellError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": raw, "allowed": allowed}
            )
        return code

    def export(self, obj: Any) -> str:
        value = self.value_of(obj)
        return str(dict(self.choices).get(value, value or ""))

    def normalise(self, value: Any) -> Any:
        return value or ""


NOT_FOUND = gettext_lazy("“%(value)s” was not found.")


@dataclass
class LookupColumn(Column):
    """A related row found by `find(text, row) -> object | None`, written back by `display`."""

    find: Callable[[str, dict[str, Any]], Any] = lambda text, row: None
    display: Callable[[Any], str] = str
    not_found: str | Promise = NOT_FOUND

    def parse(self, raw: Any, row: dict[str, Any]) -> Any:
        text = str(raw).strip()
        found = self.find(text, row)
        if found is None:
            raise CellError(str(self.not_found) % {"value": text})
        return found

    def export(self, obj: Any) -> str:
        value = self.value_of(obj)
        return self.display(value) if value is not None else ""

    def normalise(self, value: Any) -> Any:
        return getattr(value, "pk", value)


@dataclass
class MultiLookupColumn(LookupColumn):
    """Several related rows in one cell, separated by “;” (e.g. the communes a person covers)."""

    def parse(self, raw: Any, row: dict[str, Any]) -> list[Any]:
        found = []
        for part in str(raw).split(";"):
            if part.strip():
                found.append(super().parse(part, row))
        return found

    def empty(self) -> list[Any]:
        return []

    def export(self, obj: Any) -> str:
        return "; ".join(self.display(v) for v in self.value_of(obj))

    def normalise(self, value: Any) -> Any:
        return sorted(getattr(v, "pk", v) for v in value or [])
