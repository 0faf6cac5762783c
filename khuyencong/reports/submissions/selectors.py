"""Reads of report submissions, always within the user's scope: the ministry's overview
(provinces x periods), a province's submissions and what it owes, one submission's versions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.scope import get_in_scope, restrict
from khuyencong.geo.models import Province
from khuyencong.reports.models import ReportSubmission
from khuyencong.reports.submissions import deadlines

ON_TIME = "on_time"
LATE = "late"
OPEN = "open"  # may be submitted, not due yet
NOT_OPEN = "not_open"  # the period's last month has not come
OVERDUE = "overdue"

STATUS_BADGES = {
    ON_TIME: "text-bg-success",
    LATE: "text-bg-warning",
    OPEN: "text-bg-info",
    NOT_OPEN: "text-bg-light border",
    OVERDUE: "text-bg-danger",
}


def status_label(status: str) -> str:
    return {
        ON_TIME: _("Submitted on time"),
        LATE: _("Submitted late"),
        OPEN: _("Not yet submitted"),
        NOT_OPEN: _("Not yet open"),
        OVERDUE: _("Overdue"),
    }[status]


@dataclass
class Cell:
    """One province's report of one period: its deadline, its versions and where it stands."""

    due: deadlines.Due
    versions: list[ReportSubmission] = field(default_factory=list)
    today: datetime.date | None = None

    @property
    def first(self) -> ReportSubmission | None:
        return self.versions[0] if self.versions else None

    @property
    def latest(self) -> ReportSubmission | None:
        return self.versions[-1] if self.versions else None

    @property
    def status(self) -> str:
        # Whether the report came on time is decided by its first version; a resubmission
        # corrects it but does not make it late.
        if self.first is not None:
            return ON_TIME if self.first.on_time else LATE
        today = self.today or timezone.localdate()
        if today > self.due.due_on:
            return OVERDUE
        if today >= self.due.opens_on:
            return OPEN
        return NOT_OPEN

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]


def submissions(user):
    """The submissions the user may see, without their frozen report (heavy)."""
    return restrict(ReportSubmission.objects.all(), user).defer("snapshot", "letterhead")


def _cells(rows, dues, provinces, today) -> dict[int, list[Cell]]:
    cells = {pr.pk: [Cell(due=d, today=today) for d in dues] for pr in provinces}
    index = {(d.year, d.half): i for i, d in enumerate(dues)}
    for row in rows:
        i = index.get((row.year, row.half))
        if i is not None and row.province_id in cells:
            cells[row.province_id][i].versions.append(row)
    return cells


def overview(user, year: int, report: str = deadlines.DEFAULT_REPORT) -> dict:
    """Every province the user may see, with its reports of `year`: two queries in all."""
    today = timezone.localdate()
    provinces = list(Province.objects.current().order_by("name_folded"))
    if not user.is_national:
        provinces = [pr for pr in provinces if pr.pk == user.province_id]
    dues = deadlines.dues_of_year(year)
    rows = (
        submissions(user)
        .filter(report=report, year=year)
        .select_related("submitted_by")
        .order_by("version")
    )
    cells = _cells(rows, dues, provinces, today)
    lines = [(pr, cells[pr.pk]) for pr in provinces]
    counts = dict.fromkeys(STATUS_BADGES, 0)
    for _province, row in lines:
        for cell in row:
            counts[cell.status] += 1
    return {
        "dues": dues,
        "lines": lines,
        "counts": [(status_label(s), STATUS_BADGES[s], n) for s, n in counts.items()],
    }


def province_view(user, province: Province, report: str = deadlines.DEFAULT_REPORT) -> dict:
    """A province's reports: what it owes this year and last, and every version it submitted."""
    today = timezone.localdate()
    rows = list(
        submissions(user)
        .filter(province=province, report=report)
        .select_related("submitted_by")
        .order_by("-year", "half", "-version")
    )
    years = sorted({today.year, today.year - 1} | {r.year for r in rows}, reverse=True)
    dues = [d for y in years for d in deadlines.dues_of_year(y)]
    ordered = sorted(rows, key=lambda r: r.version)
    cells = _cells(ordered, dues, [province], today)[province.pk]
    return {"cells": cells, "rows": rows}


def province_in_scope(user, pk: int) -> Province:
    """A current province the user may see the submissions of, or 404."""
    from django.http import Http404

    province = Province.objects.current().filter(pk=pk).first()
    if province is None or (not user.is_national and province.pk != user.province_id):
        raise Http404
    return province


def submission(user, pk: int) -> ReportSubmission:
    return get_in_scope(
        ReportSubmission.objects.select_related("province", "submitted_by"), user, pk=pk
    )


def versions_of(user, submission: ReportSubmission) -> list[ReportSubmission]:
    return list(
        submissions(user)
        .filter(
            province_id=submission.province_id,
            report=submission.report,
            year=submission.year,
            half=submission.half,
        )
        .select_related("submitted_by")
        .order_by("version")
    )


def cell_of(user, province: Province, due: deadlines.Due, report: str = deadlines.DEFAULT_REPORT):
    """Where one province's report of one period stands (before a new submission of it)."""
    rows = (
        submissions(user)
        .filter(province=province, report=report, year=due.year, half=due.half)
        .order_by("version")
    )
    return Cell(due=due, versions=list(rows))
