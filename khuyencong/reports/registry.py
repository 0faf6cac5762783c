"""The report catalogue and the renderers. A report is a definition (slug, title, the period it
defaults to, a compute function returning a `ReportResult`); a renderer turns a result into a
response. Renderers for docx and pdf plug in here (`RENDERERS["docx"] = …`) once python-docx and
WeasyPrint are installed; only "html" (the page) and "xlsx" exist today."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from khuyencong.reports import params as p
from khuyencong.reports.data import ReportResult


@dataclass(frozen=True)
class Report:
    slug: str
    title: str | Promise
    description: str | Promise
    compute: Callable[[p.ReportParams], ReportResult]
    default_period: str = p.YEAR
    national_only: bool = False


REPORTS: dict[str, Report] = {}


def register(report: Report) -> Report:
    if report.slug in REPORTS:
        raise ValueError(f"report {report.slug!r} registered twice")
    REPORTS[report.slug] = report
    return report


def get(slug: str) -> Report | None:
    _load()
    return REPORTS.get(slug)


def catalogue(user) -> list[Report]:
    _load()
    return [r for r in REPORTS.values() if user.is_national or not r.national_only]


def _load() -> None:
    from khuyencong.reports import definitions, xlsx  # noqa: F401  (they register themselves)


# The page itself is "html"; name -> (content type, file extension, function(result) -> bytes)
RENDERERS: dict[str, tuple[str, str, Callable[[ReportResult], bytes]]] = {}


def renderer(name: str, content_type: str, extension: str):
    def decorate(function):
        RENDERERS[name] = (content_type, extension, function)
        return function

    return decorate
