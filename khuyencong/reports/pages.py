"""What the report, submission and dashboard pages share: who may open them, the charts of a
result for the page's script, and a result downloaded through a renderer."""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from khuyencong.accounts.roles import Role
from khuyencong.reports import registry
from khuyencong.reports.data import ReportResult
from khuyencong.reports.letterhead import Letterhead


def check_staff(user) -> None:
    """Reports are for the programme's staff; an establishment's account never sees them."""
    if not user.is_superuser and user.role == Role.ESTABLISHMENT:
        raise PermissionDenied


def charts_of(result: ReportResult) -> dict:
    """The figures of a result as the page's chart script reads them."""
    return {
        "figures": [
            {
                "key": f.key,
                "title": f.title,
                "categories": f.categories,
                "series": f.series,
                "unit": f.unit,
            }
            for f in result.figures()
        ],
        "labels": {"empty": _("No data to chart.")},
    }


def download_formats() -> list[registry.Renderer]:
    """The renderers offered as download buttons (the page itself is not one)."""
    return [r for r in registry.renderers() if r.name != "html"]


def download_format(wanted: str) -> registry.Renderer:
    """The renderer of format `wanted`; an unknown format is "not found"."""
    found = next((r for r in download_formats() if r.name == wanted), None)
    if found is None:
        raise Http404
    return found


def document_language(found: registry.Renderer):
    """The language a file is written in: Vietnamese for an official document (Word, PDF),
    whatever the screens' language; the user's for a working file (Excel)."""
    if found.official:
        return translation.override(settings.LANGUAGE_CODE)
    return contextlib.nullcontext()


def download(result: ReportResult, letterhead: Letterhead, wanted: str, name: str) -> HttpResponse:
    """The result as a file in format `wanted`; an unknown format is "not found"."""
    found = download_format(wanted)
    with document_language(found):
        content = found.render(result, letterhead)
    response = HttpResponse(content, content_type=found.content_type)
    filename = slugify(name) or "report"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{found.extension}"'
    return response
