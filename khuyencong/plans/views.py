"""Plan and programme pages: thin — parse the request, call a selector or a service, render."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.core.formatting import MILLION
from khuyencong.core.selectors import history_of, timeline
from khuyencong.core.views import call_service
from khuyencong.core.workflow import TransitionRefused
from khuyencong.plans import selectors, services
from khuyencong.plans.filters import PlanFilter
from khuyencong.plans.forms import (
    AllocationForm,
    AllocationRow,
    PlanForm,
    PlanTransitionForm,
    ProposeForm,
    VersionPickerForm,
)
from khuyencong.plans.models import AllocationLine, Plan, PlanItem, PlanStatus, PlanVersion
from khuyencong.plans.programme_progress import programme_progress
from khuyencong.plans.versions import compare
from khuyencong.plans.workflow import OPEN_STATES, PLAN_WORKFLOW, STEPS
from khuyencong.policy.models import FundingSource
from khuyencong.projects.models import BudgetLine, Project
from khuyencong.projects.selectors import CURRENT_AMOUNT

PAGE_SIZE = 25
ALLOCATING_STATES = frozenset({PlanStatus.APPROVED, PlanStatus.AMENDING})


# --- list, create, edit -------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.plan_list(user=request.user)
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


@dataclass
class Step:
    status: str
    label: str
    state: str  # done / current / todo


def _stepper(plan: Plan) -> list[Step]:
    """The main line of the plan's life; an amendment in preparation follows the approval."""
    statuses = [str(s) for s in STEPS]
    amending = plan.status == PlanStatus.AMENDING
    reached = len(statuses) if amending else statuses.index(plan.status)
    steps = [
        Step(
            str(status),
            str(status.label),
            "done" if index < reached else "current" if index == reached else "todo",
        )
        for index, status in enumerate(STEPS)
    ]
    if amending:
        steps.append(Step(PlanStatus.AMENDING, str(PlanStatus.AMENDING.label), "current"))
    return steps


def _with_money(items: list[PlanItem]) -> list[PlanItem]:
    """Each item's state support and counterpart (current amounts), in one aggregate query."""
    sums = {
        row["project"]: row
        for row in BudgetLine.objects.filter(project__in=[i.project_id for i in items])
        .values("project")
        .annotate(
            state=Sum(CURRENT_AMOUNT, filter=Q(source__is_state_budget=True)),
            counterpart=Sum(CURRENT_AMOUNT, filter=Q(source__code="counterpart")),
        )
        .order_by()
    }
    for item in items:
        row = sums.get(item.project_id, {})
        item.state_support_vnd = row.get("state") or 0
        item.counterpart_vnd = row.get("counterpart") or 0
    return items


def _million(vnd: int | None) -> float:
    return float((Decimal(vnd or 0) / MILLION).quantize(Decimal("0.001")))


def _charts(progress) -> dict:
    """The data of the two charts (projects by status, money by source), for json_script."""
    money = progress.money_by_source
    return {
        "status": [
            {"code": code, "name": label, "value": n} for code, label, n in progress.by_status
        ],
        "money": {
            "categories": [row.label for row in money],
            "series": [
                {"key": key, "name": str(name), "data": [_million(getattr(r, key)) for r in money]}
                for key, name in (
                    ("approved_vnd", _("Approved")),
                    ("allocated_vnd", _("Allocated")),
                    ("disbursed_vnd", _("Disbursed")),
                    ("settled_vnd", _("Settled")),
                )
            ],
        },
        "labels": {
            "empty": _("No data yet."),
            "projects": _("Projects"),
            "unit": _("million VND"),
        },
    }


def _detail(request: HttpRequest, plan: Plan, *, propose_form: ProposeForm | None = None):
    user = request.user
    context = selectors.plan_page(user=user, plan=plan)
    items = _with_money(context["items"])
    kept = [i for i in items if i.is_selected]
    context.update(
        plan=plan,
        steps=_stepper(plan),
        kept_count=len(kept),
        kept_state_vnd=sum(i.state_support_vnd for i in kept),
        kept_counterpart_vnd=sum(i.counterpart_vnd for i in kept),
        is_open=plan.status in OPEN_STATES,
        can_allocate=context["can_manage"] and plan.status in ALLOCATING_STATES,
        charts=_charts(context["progress"]),
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
    try:
        transition = PLAN_WORKFLOW.get(name)
    except TransitionRefused as exc:
        raise Http404 from exc
    if transition.applies is not None and not transition.applies(plan):
        raise Http404
    reasons = PLAN_WORKFLOW.reasons(plan, request.user, transition)
    form = PlanTransitionForm(
        request.POST or None, transition=transition, plan=plan, initial={"version": plan.version}
    )
    if request.method == "POST" and not reasons and form.is_valid():
        saved = call_service(
            form,
            lambda: services.plan_transition(
                plan=plan,
                by=request.user,
                name=name,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.data_for_service(),
            ),
        )
        if saved is not None:
            messages.success(
                request,
                _("%(action)s: done. The plan is now “%(status)s”.")
                % {"action": transition.label, "status": saved.get_status_display()},
            )
            return redirect(saved)
    return render(
        request,
        "plans/transition_form.html",
        {"plan": plan, "transition": transition, "form": form, "reasons": reasons},
    )


# --- allocation ---------------------------------------------------------------------------------


def _allocation_rows(plan: Plan) -> list[AllocationRow]:
    """Every (project, state-budget source) the latest version approved, with what tranches gave
    it so far. The establishments' counterpart and other money is not allocated by the state."""
    approved = services.approved_amounts(plan)
    allocated = {
        (row["project"], row["source__code"]): row["total"]
        for row in AllocationLine.objects.filter(allocation__plan=plan)
        .values("project", "source__code")
        .annotate(total=Sum("amount_vnd"))
        .order_by()
    }
    projects = Project.objects.in_bulk({project for project, _code in approved})
    sources = {s.code: s for s in FundingSource.objects.filter(is_state_budget=True)}
    rows = [
        AllocationRow(
            project=projects[project],
            source=sources[code],
            approved_vnd=amount,
            allocated_vnd=allocated.get((project, code), 0),
        )
        for (project, code), amount in approved.items()
        if amount and project in projects and code in sources
    ]
    rows.sort(key=lambda r: (r.project.code, r.source.order, r.source.code))
    return rows


@login_required
def allocation_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    if not services.may_manage(request.user, plan):
        raise PermissionDenied
    rows = _allocation_rows(plan)
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


def _source_order(codes) -> list[str]:
    order = {
        code: index
        for index, code in enumerate(
            FundingSource.objects.order_by("order", "code").values_list("code", flat=True)
        )
    }
    return sorted(set(codes), key=lambda code: (order.get(code, len(order)), code))


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    version = selectors.version_get(user=request.user, plan=plan, number=number)
    data = version.data
    names = data.get("sources", {})
    codes = _source_order(names)
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


@dataclass
class ComparedRow:
    code: str
    title: str
    change: str
    cells: list[tuple[int | None, int | None, bool]]  # before, after, differs
    before_total: int
    after_total: int


def _comparison(old: PlanVersion, new: PlanVersion) -> dict:
    names = {**old.data.get("sources", {}), **new.data.get("sources", {})}
    codes = _source_order(names)
    rows = []
    for difference in compare(old, new):
        cells = []
        for code in codes:
            before, after = difference.before.get(code), difference.after.get(code)
            cells.append((before, after, (before or 0) != (after or 0)))
        rows.append(
            ComparedRow(
                code=difference.code,
                title=difference.title,
                change=difference.change,
                cells=cells,
                before_total=difference.before_total,
                after_total=difference.after_total,
            )
        )
    totals = [
        (
            sum(r.cells[index][0] or 0 for r in rows),
            sum(r.cells[index][1] or 0 for r in rows),
        )
        for index in range(len(codes))
    ]
    counts = dict.fromkeys(("added", "removed", "changed", "same"), 0)
    for row in rows:
        counts[row.change] += 1
    return {
        "sources": [names[code] for code in codes],
        "rows": rows,
        "totals": [(b, a, b != a) for b, a in totals],
        "before_total": sum(r.before_total for r in rows),
        "after_total": sum(r.after_total for r in rows),
        "counts": counts,
    }


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
        context.update(old=old, new=new, comparison=_comparison(old, new))
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
