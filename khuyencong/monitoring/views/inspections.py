"""Inspection plans and inspections: the visit, its checklist, findings, photos and follow-ups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.core.selectors import history_of, timeline
from khuyencong.core.views import add_errors, call_service
from khuyencong.monitoring import selectors, services
from khuyencong.monitoring.filters import InspectionFilter
from khuyencong.monitoring.forms import (
    CancelForm,
    FindingForm,
    FollowUpForm,
    InspectionForm,
    PhotoForm,
    PlanForm,
    RecordForm,
)
from khuyencong.monitoring.models import Inspection, InspectionPlan, InspectionStatus

PAGE_SIZE = 25


# --- inspection plans ------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.plan_list(user=request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/plan_list.html",
        {"page_obj": page, "can_create": services.may_plan(request.user)},
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not services.may_plan(request.user):
        raise PermissionDenied
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan = call_service(form, lambda: services.plan_create(by=request.user, **form.values()))
        if plan is not None:
            messages.success(request, _("Inspection plan created."))
            return redirect(plan)
    return render(request, "monitoring/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    if not services.may_edit_plan(request.user, plan):
        raise PermissionDenied
    initial = {k: getattr(plan, k) for k in services.PLAN_FIELDS}
    initial["version"] = plan.version
    form = PlanForm(request.POST or None, user=request.user, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.plan_update(
                plan=plan,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.values(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(saved)
    return render(request, "monitoring/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    context = selectors.plan_page(user=request.user, plan=plan)
    context["plan"] = plan
    context["timeline"] = timeline(history_of(plan)[:30], InspectionPlan)
    return render(request, "monitoring/plan_detail.html", context)


# --- inspections -----------------------------------------------------------------------------


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.inspection_rows(user=request.user)
    filterset = InspectionFilter(request.GET, queryset=rows, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/inspection_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "can_create": services.may_create_inspection(request.user),
        },
    )


@login_required
def inspection_create(request: HttpRequest) -> HttpResponse:
    if not services.may_create_inspection(request.user):
        raise PermissionDenied
    initial = {}
    for key in ("plan", "project", "establishment"):
        value = request.GET.get(key, "")
        if value.isdecimal():
            initial[key] = int(value)
    form = InspectionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        inspection = call_service(
            form, lambda: services.inspection_create(by=request.user, **form.values())
        )
        if inspection is not None:
            messages.success(request, _("Inspection created."))
            return redirect(inspection)
    return render(request, "monitoring/inspection_form.html", {"form": form, "inspection": None})


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    context = selectors.inspection_page(user=request.user, inspection=inspection)
    context["inspection"] = inspection
    context["timeline"] = timeline(history_of(inspection)[:50], Inspection)
    context["photo_form"] = PhotoForm() if context["can_add"] else None
    return render(request, "monitoring/inspection_detail.html", context)


@login_required
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    if not services.may_record(request.user, inspection):
        raise PermissionDenied
    form = InspectionForm(
        request.POST or None,
        user=request.user,
        inspection=inspection,
        initial=InspectionForm.initial_for(inspection),
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.inspection_update(
                inspection=inspection,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.values(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(saved)
    return render(
        request, "monitoring/inspection_form.html", {"form": form, "inspection": inspection}
    )


def _questions(inspection: Inspection) -> list[tuple[int | None, str]]:
    answers = list(inspection.answers.order_by("order", "pk"))
    if answers:
        return [(a.item_id, a.item_text) for a in answers if a.item_id is not None]
    return [(item.pk, item.text) for item in services.checklist_for(inspection)]


def _record_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        details = dict(error.message_dict)
        for message in details.pop("answers", []):
            form.add_error(None, message)
        if details:
            add_errors(form, ValidationError(details))
    else:
        add_errors(form, error)


@login_required
def inspection_record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    if not services.may_record(request.user, inspection):
        raise PermissionDenied
    initial = {
        "version": inspection.version,
        "actual_date": inspection.actual_date or timezone.localdate(),
        "latitude": inspection.latitude,
        "longitude": inspection.longitude,
        "summary": inspection.summary,
    }
    for answer in inspection.answers.all():
        initial[f"answer_{answer.item_id}"] = answer.answer
        initial[f"comment_{answer.item_id}"] = answer.comment
    form = RecordForm(request.POST or None, questions=_questions(inspection), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.inspection_record(
                inspection=inspection,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                actual_date=form.cleaned_data["actual_date"],
                latitude=form.cleaned_data["latitude"],
                longitude=form.cleaned_data["longitude"],
                summary=form.cleaned_data["summary"],
                answers=form.answers(),
            ),
            on_error=_record_errors,
        )
        if saved is not None:
            messages.success(request, _("The visit is recorded."))
            warning = services.gps_warning(saved)
            if warning:
                messages.warning(request, warning)
            return redirect(saved)
    return render(
        request, "monitoring/inspection_record.html", {"form": form, "inspection": inspection}
    )


@login_required
def inspection_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    if not services.may_record(request.user, inspection) or (
        inspection.status != InspectionStatus.PLANNED
    ):
        raise PermissionDenied
    form = CancelForm(request.POST or None, initial={"version": inspection.version})
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.inspection_cancel(
                inspection=inspection,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                reason=form.cleaned_data["reason"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The inspection is cancelled."))
            return redirect(saved)
    return render(
        request, "monitoring/inspection_cancel.html", {"form": form, "inspection": inspection}
    )


# --- findings, photos, follow-ups ------------------------------------------------------------


def _inspection_to_add(request: HttpRequest, pk: int) -> Inspection:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    if not services.may_add_to(request.user, inspection):
        raise PermissionDenied
    return inspection


@login_required
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection_to_add(request, pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        finding = call_service(
            form,
            lambda: services.finding_add(
                inspection=inspection,
                by=request.user,
                severity=form.cleaned_data["severity"],
                text=form.cleaned_data["text"],
            ),
        )
        if finding is not None:
            messages.success(request, _("Finding recorded."))
            return redirect(f"{inspection.get_absolute_url()}#findings")
    return render(
        request,
        "monitoring/simple_form.html",
        {"form": form, "inspection": inspection, "title": _("New finding"), "anchor": "findings"},
    )


@login_required
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get(user=request.user, pk=pk)
    inspection = finding.inspection
    if not services.may_add_to(request.user, inspection):
        raise PermissionDenied
    form = FindingForm(
        request.POST or None,
        initial={"severity": finding.severity, "text": finding.text, "version": finding.version},
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.finding_update(
                finding=finding,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                severity=form.cleaned_data["severity"],
                text=form.cleaned_data["text"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(f"{inspection.get_absolute_url()}#findings")
    return render(
        request,
        "monitoring/simple_form.html",
        {"form": form, "inspection": inspection, "title": _("Edit finding"), "anchor": "findings"},
    )


@login_required
@require_POST
def photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection_to_add(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        photo = call_service(
            form,
            lambda: services.photo_add(
                inspection=inspection,
                by=request.user,
                upload=form.cleaned_data["upload"],
                caption=form.cleaned_data["caption"],
            ),
        )
        if photo is not None:
            messages.success(request, _("Photo added."))
            return redirect(f"{inspection.get_absolute_url()}#photos")
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(f"{inspection.get_absolute_url()}#photos")


@login_required
def photo_view(request: HttpRequest, pk: int) -> HttpResponse:
    photo = selectors.photo_get(user=request.user, pk=pk)
    return photo.response(inline=request.GET.get("download") != "1")


@login_required
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection_to_add(request, pk)
    initial = {}
    finding = request.GET.get("finding", "")
    if finding.isdecimal():
        initial["finding"] = int(finding)
    form = FollowUpForm(
        request.POST or None, user=request.user, inspection=inspection, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        follow_up = call_service(
            form,
            lambda: services.follow_up_add(inspection=inspection, by=request.user, **form.values()),
        )
        if follow_up is not None:
            messages.success(request, _("Follow-up action recorded."))
            return redirect(f"{inspection.get_absolute_url()}#follow-ups")
    return render(
        request,
        "monitoring/simple_form.html",
        {
            "form": form,
            "inspection": inspection,
            "title": _("New follow-up action"),
            "anchor": "follow-ups",
        },
    )
