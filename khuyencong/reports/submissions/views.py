"""Pages of report submissions: the ministry's overview, a province's submissions, one frozen
submission (page and downloads) and the confirmation before submitting. Thin: parse, call a
selector or the service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from khuyencong.reports import registry, snapshot
from khuyencong.reports.pages import charts_of, check_staff, download, download_formats
from khuyencong.reports.submissions import rendering, selectors, services
from khuyencong.reports.submissions.forms import SubmitForm, YearForm


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The ministry's view: every province's half-year and annual reports of a year."""
    user = request.user
    check_staff(user)
    if not user.is_national:
        if user.province_id is None:
            raise Http404
        return redirect("submissions:province", pk=user.province_id)
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    context = {"form": form, "year": year, **selectors.overview(user, year)}
    return render(request, "reports/submissions/overview.html", context)


@login_required
@require_GET
def province(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    check_staff(user)
    found = selectors.province_in_scope(user, pk)
    context = {
        "province": found,
        "may_submit": services.may_submit(user, found),
        "refusal": services.refusal(user, found),
        **selectors.province_view(user, found),
    }
    return render(request, "reports/submissions/province.html", context)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    check_staff(user)
    submission = selectors.submission(user, pk)
    result = snapshot.thaw(submission.snapshot)
    wanted = request.GET.get("format", "html")
    if wanted != "html":
        name = (
            f"{submission.report} {submission.province.name} {submission.year} "
            f"{submission.half} v{submission.version}"
        )
        return download(result, rendering.letterhead_of(submission), wanted, name)
    definition = registry.get(submission.report)
    context = {
        "submission": submission,
        "definition": definition,
        "result": result,
        "versions": selectors.versions_of(user, submission),
        "formats": download_formats(),
        "charts": charts_of(result),
        "may_submit": services.may_submit(user, submission.province),
    }
    return render(request, "reports/submissions/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """The confirmation page (GET, from the report page) and the submission itself (POST)."""
    user = request.user
    check_staff(user)
    province = user.province if user.province_id else None
    refusal = services.refusal(user, province)
    form = SubmitForm(request.POST if request.method == "POST" else (request.GET or None))
    context = {"form": form, "province": province, "refusal": refusal}
    if refusal:
        return render(request, "reports/submissions/submit.html", context, status=403)
    if request.method == "GET":
        if form.is_bound and form.is_valid():
            context["due"] = form.due
            context["cell"] = selectors.cell_of(user, province, form.due)
        elif form.is_bound:
            return render(request, "reports/submissions/submit.html", context, status=400)
        return render(request, "reports/submissions/submit.html", context)
    if not form.is_valid():
        return render(request, "reports/submissions/submit.html", context, status=400)
    data = form.cleaned_data
    try:
        submission = services.submit(
            by=user,
            province=province,
            report=data["report"],
            year=data["year"],
            half=data["half"],
            note=data["note"],
        )
    except PermissionDenied as error:
        context["refusal"] = str(error) or services.refusal(user, province)
        return render(request, "reports/submissions/submit.html", context, status=403)
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            form.add_error(name if name in ("year", "half", "note") else None, errors)
        return render(request, "reports/submissions/submit.html", context, status=400)
    if submission.on_time:
        messages.success(
            request,
            _("The report was submitted to the ministry on time (version %(version)d).")
            % {"version": submission.version},
        )
    else:
        messages.warning(
            request,
            _("The report was submitted to the ministry after its due date (version %(version)d).")
            % {"version": submission.version},
        )
    return redirect("submissions:detail", pk=submission.pk)
