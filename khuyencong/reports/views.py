"""Report pages: the catalogue, one report (its parameters form and result, on screen or as a
download) and the data-quality page. Thin: the form checks the parameters, the report computes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from khuyencong.accounts.roles import Role
from khuyencong.reports import quality, registry
from khuyencong.reports.forms import ReportForm, allowed_provinces
from khuyencong.reports.letterhead import add_amounts_in_words, letterhead_for


def _check_staff(user) -> None:
    if not user.is_superuser and user.role == Role.ESTABLISHMENT:
        raise PermissionDenied


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    _check_staff(request.user)
    return render(request, "reports/catalogue.html", {"reports": registry.catalogue(request.user)})


def _province_in_scope(request: HttpRequest) -> None:
    """A province asked for by id that the user may not report on is "not found"."""
    wanted = request.GET.get("province", "").strip()
    if not wanted:
        return
    if not wanted.isdigit() or int(wanted) not in {p.pk for p in allowed_provinces(request.user)}:
        raise Http404(_("This province is outside your scope."))


@login_required
@require_GET
def report(request: HttpRequest, slug: str) -> HttpResponse:
    _check_staff(request.user)
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
    result = definition.compute(params)
    wanted = request.GET.get("format", "html")
    if wanted != "html":
        found = registry.RENDERERS.get(wanted)
        if found is None:
            raise Http404
        add_amounts_in_words(result)
        letterhead = letterhead_for(request.user, params.province)
        response = HttpResponse(found.render(result, letterhead), content_type=found.content_type)
        name = slugify(f"{definition.slug} {result.subtitle}") or definition.slug
        response["Content-Disposition"] = f'attachment; filename="{name}.{found.extension}"'
        return response
    query = request.GET.copy()
    query.pop("format", None)
    context.update(
        {
            "result": result,
            "query": query.urlencode(),
            "formats": [r for r in registry.renderers() if r.name != "html"],
            "charts": {
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
            },
        }
    )
    return render(request, "reports/report.html", context)


@login_required
@require_GET
def data_quality(request: HttpRequest) -> HttpResponse:
    _check_staff(request.user)
    return render(
        request,
        "reports/data_quality.html",
        {"problems": quality.problems(request.user), "shown": quality.SHOWN},
    )
