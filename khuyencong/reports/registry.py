"""The report catalogue and the renderers. A report is a definition (slug, title, the period it
defaults to, a compute function returning a `ReportResult`); a renderer turns a result into a
file. A renderer is a pure function of (result, letterhead) -> bytes: no database access, so a
frozen result can be printed again later. "html" is the page itself; xlsx, docx and pdf register
themselves with `@renderer`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from khuyencong.reports import params as p
from khuyencong.reports.data import ReportResult
from khuyencong.reports.letterhead import Letterhead


@dataclass(frozen=True)
class Report:
    slug: str
    title: str | Promise
    description: str | Promise
    compute: Callable[[p.ReportParams], ReportResult]
    default_period: str = p.YEAR
    national_only: bool = False
    # The subject under "BÁO CÁO" in a Word or PDF document (the title, if not given).
    document_title: str | Promise = ""


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
    from khuyencong.reports import definitions, pdf, word, xlsx  # noqa: F401  (they register)


@dataclass(frozen=True)
class Renderer:
    name: str
    label: str | Promise  # the download button's label
    content_type: str
    extension: str
    render: Callable[[ReportResult, Letterhead], bytes]
    order: int = 50
    # An official document (Word, PDF) is in Vietnamese whatever the screens' language; a working
    # file (Excel) follows the user's language.
    official: bool = False


# name -> Renderer, in the order of the download buttons
RENDERERS: dict[str, Renderer] = {}


def renderer(
    name: str,
    content_type: str,
    extension: str,
    label: str | Promise = "",
    order: int = 50,
    official: bool = False,
):
    def decorate(function: Callable[[ReportResult, Letterhead], bytes]):
        RENDERERS[name] = Renderer(
            name, label or name.upper(), content_type, extension, function, order, official
        )
        return function

    return decorate


def renderers() -> list[Renderer]:
    _load()
    return sorted(RENDERERS.values(), key=lambda r: (r.order, r.name))
