"""Which reports a province submits to the ministry, for which periods, and when they are due.

The due dates are set in one place: the setting `KC_REPORT_DUE_DATES` (environment variable
"15/6,15/12" by default: 15 June for the first half-year's report, 15 December for the annual
report), which also gives a new plan its report dates.

A report may be submitted from the first day of its period's last month (1 June, 1 December):
the figures of the last weeks are the province's estimate, as in the paper practice. A report
submitted on or before its due date (Vietnam's date) is on time; later it is late, but accepted.
The second half-year is reported by the annual report, so only the first half and the year are
due."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from khuyencong.reports import params as p
from khuyencong.reports.models import FIRST_HALF, WHOLE_YEAR

# The provincial half-year / annual report of `reports.definitions`.
SUBMITTED_REPORTS = ("provincial",)
DEFAULT_REPORT = "provincial"

# In the order they fall due.
HALVES = (FIRST_HALF, WHOLE_YEAR)


def due_dates() -> dict[str, tuple[int, int]]:
    """{"half": (month, day), "year": (month, day)}"""
    return settings.KC_REPORT_DUE_DATES


def period_label(year: int, half: int) -> str:
    if half == WHOLE_YEAR:
        return _("Year %(year)s") % {"year": year}
    if half == FIRST_HALF:
        return _("First half of %(year)s") % {"year": year}
    return _("Second half of %(year)s") % {"year": year}


@dataclass(frozen=True)
class Due:
    """One report a province owes: its period, when it may be submitted and when it is due."""

    year: int
    half: int
    opens_on: datetime.date
    due_on: datetime.date

    @property
    def label(self) -> str:
        return period_label(self.year, self.half)

    @property
    def period(self) -> p.Period:
        if self.half == WHOLE_YEAR:
            return p.Period.year(self.year)
        return p.Period.half(self.year, self.half)

    @property
    def kind(self) -> str:
        return "year" if self.half == WHOLE_YEAR else "half"


def due(year: int, half: int) -> Due:
    """The deadline of one period; ValueError for a period that is not submitted."""
    if half not in HALVES:
        raise ValueError(half)
    kind = "year" if half == WHOLE_YEAR else "half"
    month, day = due_dates()[kind]
    last_month = 12 if half == WHOLE_YEAR else 6
    return Due(
        year=year,
        half=half,
        opens_on=datetime.date(year, last_month, 1),
        due_on=datetime.date(year, month, day),
    )


def dues_of_year(year: int) -> list[Due]:
    return [due(year, half) for half in HALVES]
