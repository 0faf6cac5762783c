"""What a report is run for: a period, a programme, a province (or the whole country for national
users) and how history is grouped (administrative units as they were, or today's)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

YEAR = "year"
HALF = "half"
RANGE = "range"
PHASE = "phase"

BOTH = "both"
THEN = "then"
TODAY = "today"

DATE_FORMAT = "%d/%m/%Y"


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date

    @property
    def first_year(self) -> int:
        return self.start.year

    @property
    def last_year(self) -> int:
        return self.end.year

    @property
    def label(self) -> str:
        if self.kind == YEAR:
            return _("Year %(year)s") % {"year": self.start.year}
        if self.kind == HALF:
            half = 1 if self.start.month == 1 else 2
            if half == 1:
                return _("First half of %(year)s") % {"year": self.start.year}
            return _("Second half of %(year)s") % {"year": self.start.year}
        if self.kind == PHASE:
            return _("Period %(start)s-%(end)s") % {
                "start": self.first_year,
                "end": self.last_year,
            }
        return _("From %(start)s to %(end)s") % {
            "start": self.start.strftime(DATE_FORMAT),
            "end": self.end.strftime(DATE_FORMAT),
        }

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        if half == 1:
            return cls(HALF, datetime.date(year, 1, 1), datetime.date(year, 6, 30))
        return cls(HALF, datetime.date(year, 7, 1), datetime.date(year, 12, 31))

    @classmethod
    def phase(cls, first: int, last: int) -> Period:
        return cls(PHASE, datetime.date(first, 1, 1), datetime.date(last, 12, 31))

    @classmethod
    def range(cls, start: datetime.date, end: datetime.date) -> Period:
        return cls(RANGE, start, end)


@dataclass(frozen=True)
class ReportParams:
    """A report's parameters, already checked against the user's scope (see forms)."""

    user: Any
    period: Period
    programme: str = BOTH  # national / local / both
    province: Any = None  # a current Province, or None for the whole country (national users)
    grouping: str = TODAY  # then / today

    @property
    def is_national(self) -> bool:
        return self.province is None

    def describe(self) -> list[tuple[str, str]]:
        from khuyencong.policy.models import Programme

        programme = (
            str(Programme(self.programme).label) if self.programme != BOTH else _("Both programmes")
        )
        grouping = (
            _("Administrative units as they were")
            if self.grouping == THEN
            else _("Today's administrative units")
        )
        return [
            (_("Period"), self.period.label),
            (_("Programme"), programme),
            (_("Province"), self.province.name if self.province else _("Whole country")),
            (_("Grouping"), grouping),
        ]
