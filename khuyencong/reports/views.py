"""Report pages: the catalogue, one report (its parameters form and result, on screen or as a
download) and the data-quality page. Thin: the form checks the parameters, the report computes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from khuyencong.reports import quality, registry
from khuyencong.reports.forms import ReportForm, allowed_provinces
from khuyencong.reports.letterhead import add_amounts_in_words, letterhead_for
from khuyencong.reports.pages import (
    charts_of,
    check_staff,
    document_language,
    download,
    download_format,
    download_formats,
)


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    check_staff(request.user)
    return render(request, "reports/catalogue.html", {"reports": registry.catalogue(request.user)})


def _province_in_scope(request: HttpRequest) -> None:
    """A province asked for by id that the user may not report on is "not found"."""
    wanted = request.GET.get("province", "").strip()
    if not wanted:
        return
    if not wanted.isdecimal() or int(wanted) not in {p.pk for p in allowed_provinces(request.user)}:
        raise Http404(_("This province is outside your scope."))


@login_required
@require_GET
def report(request: HttpRequest, slug: str) -> HttpResponse:
    check_staff(request.user)
    definition = registry.get(slug)
    if definition is None:
        raise Http404
    context = {"report": definition}
    if definition.national_only and not request.user.is_national:
        context["refused"] = _("This report is for the ministry's officers.")
        return render(request, "reports/report.html", context, status=403)
    _province_in_scope(request)
    submitted = "period" in request.GET
    form = ReportForm(
        request.GET if submitted else None,
        user=request.user,
        default_period=definition.default_period,
    )
    context["form"] = form
    if not submitted or not form.is_valid():
        return render(request, "reports/report.html", context)
    params = form.parameters()
    wanted = request.GET.get("format", "html")
    if wanted != "html":
        with document_language(download_format(wanted)):
            result = definition.compute(params)
            add_amounts_in_words(result)
            letterhead = letterhead_for(request.user, params.province)
            return download(result, letterhead, wanted, f"{definition.slug} {result.subtitle}")
    result = definition.compute(params)
    query = request.GET.copy()
    query.pop("format", None)
    context.update(
        {
            "result": result,
            "query": query.urlencode(),
            "formats": download_formats(),
            "charts": charts_of(result),
        }
    )
    return render(request, "reports/report.html", context)


@login_required
@require_GET
def data_quality(request: HttpRequest) -> HttpResponse:
    check_staff(request.user)
    return render(
        request,
        "reports/data_quality.html",
        {"problems": quality.problems(request.user), "shown": quality.SHOWN},
    )
