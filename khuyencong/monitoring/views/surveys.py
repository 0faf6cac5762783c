"""After-support surveys: the due list, all surveys, one survey and its form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.core.selectors import history_of, timeline
from khuyencong.core.views import call_service
from khuyencong.monitoring import selectors, services
from khuyencong.monitoring.filters import SurveyFilter
from khuyencong.monitoring.forms import SurveyCreateForm, SurveyForm
from khuyencong.monitoring.models import Survey, SurveyStatus

PAGE_SIZE = 25


def _list(request: HttpRequest, *, due: bool) -> HttpResponse:
    today = timezone.localdate()
    if due:
        rows = selectors.surveys_due(user=request.user, today=today)
    else:
        rows = selectors.survey_list(user=request.user)
    filterset = SurveyFilter(request.GET, queryset=rows, request=request)
    if due:
        for name in ("status", "due"):
            filterset.filters.pop(name, None)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/survey_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "due": due,
            "today": today,
            "within_days": selectors.DUE_WITHIN_DAYS,
            "can_create": services.may_create_survey(request.user),
        },
    )


@login_required
def survey_due(request: HttpRequest) -> HttpResponse:
    return _list(request, due=True)


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    return _list(request, due=False)


@login_required
def survey_create(request: HttpRequest) -> HttpResponse:
    if not services.may_create_survey(request.user):
        raise PermissionDenied
    form = SurveyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = call_service(
            form, lambda: services.survey_create(by=request.user, **form.cleaned_data)
        )
        if survey is not None:
            messages.success(request, _("Survey added."))
            return redirect(survey)
    return render(request, "monitoring/survey_create.html", {"form": form})


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    return render(
        request,
        "monitoring/survey_detail.html",
        {
            "survey": survey,
            "overdue": survey.is_overdue_on(timezone.localdate()),
            "can_record": services.may_record_survey(request.user, survey),
            "timeline": timeline(history_of(survey)[:30], Survey),
        },
    )


@login_required
def survey_record(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=pk)
    if not services.may_record_survey(request.user, survey):
        raise PermissionDenied
    initial = {k: getattr(survey, k) for k in services.SURVEY_ANSWERS}
    initial["version"] = survey.version
    initial["status"] = survey.status if survey.status != SurveyStatus.DUE else SurveyStatus.DONE
    initial["surveyed_on"] = survey.surveyed_on or timezone.localdate()
    form = SurveyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.survey_record(
                survey=survey,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                status=form.cleaned_data["status"],
                **form.values(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Survey recorded."))
            return redirect(saved)
    return render(request, "monitoring/survey_form.html", {"form": form, "survey": survey})
