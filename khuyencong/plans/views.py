"""Plan and programme pages: thin — parse the request, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.core.selectors import history_of, timeline
from khuyencong.core.views import call_service, transition_page
from khuyencong.plans import pages, selectors, services
from khuyencong.plans.filters import PlanFilter
from khuyencong.plans.forms import (
    AllocationForm,
    PlanForm,
    PlanTransitionForm,
    ProposeForm,
    VersionPickerForm,
)
from khuyencong.plans.models import Plan, PlanItem, PlanStatus
from khuyencong.plans.programme_progress import programme_progress
from khuyencong.plans.workflow import OPEN_STATES, PLAN_WORKFLOW

PAGE_SIZE = 25
ALLOCATING_STATES = frozenset({PlanStatus.APPROVED, PlanStatus.AMENDING})


# --- list, create, edit -------------------------------------------------------------------------


# What the plans table shows of each plan, its programme and its province.
LIST_COLUMNS = (
    "title",
    "year",
    "kind",
    "status",
    "approved_total_vnd",
    "programme__name",
    "province__name",
)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    # Read, never saved: only what the table shows (no change-log snapshot of each row).
    rows = selectors.plan_list(user=request.user).only(*LIST_COLUMNS)
    filterset = PlanFilter(request.GET, queryset=rows, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/plan_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "can_create": services.may_create_plan(request.user),
        },
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not services.may_create_plan(request.user):
        raise PermissionDenied
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan = call_service(form, lambda: services.plan_create(by=request.user, **form.values()))
        if plan is not None:
            messages.success(request, _("Plan created: registration is open."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    if not services.may_manage(request.user, plan):
        raise PermissionDenied
    form = PlanForm(
        request.POST or None, user=request.user, plan=plan, initial=PlanForm.initial_for(plan)
    )
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
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


# --- detail -------------------------------------------------------------------------------------


def _detail(request: HttpRequest, plan: Plan, *, propose_form: ProposeForm | None = None):
    user = request.user
    context = selectors.plan_page(user=user, plan=plan)
    items = pages.with_money(context["items"])
    kept = [i for i in items if i.is_selected]
    context.update(
        plan=plan,
        steps=pages.stepper(plan),
        kept_count=len(kept),
        kept_state_vnd=sum(i.state_support_vnd for i in kept),
        kept_counterpart_vnd=sum(i.counterpart_vnd for i in kept),
        is_open=plan.status in OPEN_STATES,
        can_allocate=context["can_manage"] and plan.status in ALLOCATING_STATES,
        charts=pages.charts(context["progress"]),
        picker=VersionPickerForm(versions=context["versions"])
        if len(context["versions"]) >= 2
        else None,
        timeline=timeline(history_of(plan)[:50], Plan),
    )
    if propose_form is not None:  # a refused proposal: shown with the reason, whatever the state
        context["propose_form"] = propose_form
    elif context["can_propose"]:
        context["propose_form"] = ProposeForm(plan=plan, user=user)
    return render(request, "plans/plan_detail.html", context)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    return _detail(request, plan)


@login_required
@require_POST
def plan_propose(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    if not (services.may_propose(request.user, plan) or services.may_manage(request.user, plan)):
        raise PermissionDenied
    form = ProposeForm(request.POST, plan=plan, user=request.user)
    if form.is_valid():
        project = form.cleaned_data["project"]
        item = call_service(
            form, lambda: services.plan_propose(plan=plan, project=project, by=request.user)
        )
        if item is not None:
            messages.success(
                request, _("Project %(code)s put into the plan.") % {"code": project.code}
            )
            return redirect(f"{plan.get_absolute_url()}#projects")
    plan.refresh_from_db()
    return _detail(request, plan, propose_form=form)


@login_required
@require_POST
def plan_select(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    if not services.may_manage(request.user, plan):
        raise PermissionDenied
    row = get_object_or_404(PlanItem.objects.select_related("project"), plan=plan, pk=item)
    selected = request.POST.get("selected") == "1"
    try:
        services.plan_select(item=row, by=request.user, selected=selected)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if selected:
            text = _("Project %(code)s kept in the plan.")
        else:
            text = _("Project %(code)s left out of the plan (kept for the record).")
        messages.success(request, text % {"code": row.project.code})
    return redirect(f"{plan.get_absolute_url()}#projects")


@login_required
def plan_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    return transition_page(
        request,
        record=plan,
        workflow=PLAN_WORKFLOW,
        name=name,
        make_form=lambda transition: PlanTransitionForm(
            request.POST or None,
            transition=transition,
            plan=plan,
            initial={"version": plan.version},
        ),
        perform=lambda form: services.plan_transition(
            plan=plan,
            by=request.user,
            name=name,
            expected_version=form.cleaned_data["version"] or 0,
            data=form.data_for_service(),
        ),
        template="plans/transition_form.html",
        done_message=_("%(action)s: done. The plan is now “%(status)s”."),
        context={"plan": plan},
    )


# --- allocation ---------------------------------------------------------------------------------


@login_required
def allocation_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    if not services.may_manage(request.user, plan):
        raise PermissionDenied
    rows = pages.allocation_rows(plan)
    form = AllocationForm(request.POST or None, rows=rows)

    def show_errors(form: AllocationForm, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            form.add_error(None, error.messages)
            return
        for field, errors in error.message_dict.items():
            for message in errors:
                target = field if field in form.fields else form.field_for_message(message)
                form.add_error(target, message)

    if request.method == "POST" and form.is_valid():
        allocation = call_service(
            form,
            lambda: services.allocation_create(
                plan=plan,
                by=request.user,
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
                note=form.cleaned_data["note"],
                lines=form.lines(),
            ),
            on_error=show_errors,
        )
        if allocation is not None:
            messages.success(
                request, _("Tranche %(n)d of the allocation saved.") % {"n": allocation.number}
            )
            return redirect(f"{plan.get_absolute_url()}#allocations")
    return render(
        request,
        "plans/allocation_form.html",
        {
            "plan": plan,
            "form": form,
            "is_allocating": plan.status in ALLOCATING_STATES,
            "approved_total_vnd": sum(r.approved_vnd for r in rows),
            "allocated_total_vnd": sum(r.allocated_vnd for r in rows),
            "remaining_total_vnd": sum(r.remaining_vnd for r in rows),
        },
    )


# --- versions -----------------------------------------------------------------------------------


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    version = selectors.version_get(user=request.user, plan=plan, number=number)
    data = version.data
    names = data.get("sources", {})
    codes = pages.source_order(names)
    rows = [
        {
            **row,
            "cells": [row["amounts"].get(code) for code in codes],
            "total": sum(row["amounts"].values()),
        }
        for row in data.get("items", [])
    ]
    totals = [sum(row["amounts"].get(code, 0) for row in data.get("items", [])) for code in codes]
    return render(
        request,
        "plans/version_detail.html",
        {
            "plan": plan,
            "version": version,
            "sources": [names.get(code, code) for code in codes],
            "rows": rows,
            "totals": totals,
            "grand_total": sum(totals),
            "versions": selectors.versions_of(plan),
        },
    )


@login_required
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    versions = selectors.versions_of(plan)
    form = VersionPickerForm(
        request.GET if {"a", "b"} & set(request.GET) else None, versions=versions
    )
    context = {"plan": plan, "versions": versions, "form": form, "comparison": None}
    numbers = form.numbers() if versions else None
    if numbers is not None:
        by_number = {v.number: v for v in versions}
        old, new = by_number[numbers[0]], by_number[numbers[1]]
        context.update(old=old, new=new, comparison=pages.comparison(old, new))
    return render(request, "plans/version_compare.html", context)


# --- programmes ---------------------------------------------------------------------------------


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = selectors.programme_list(user=request.user)
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plans/programme_list.html", {"page_obj": page})


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    plans = list(selectors.plan_list(user=request.user).filter(programme=programme))
    return render(
        request,
        "plans/programme_detail.html",
        {
            "programme": programme,
            "targets": programme_progress(programme=programme, user=request.user),
            "plans": plans,
            "plans_total_vnd": sum(p.approved_total_vnd or 0 for p in plans),
            "whole_country": request.user.is_national,
        },
    )
