"""Rounds: the list, creation and edit, the round's page (timetable, entries, progress, results)
and its actions, conflicts of interest, certificates and nomination."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khuyencong.accounts.roles import NATIONAL_ROLES, PROVINCIAL_ROLES
from khuyencong.contests import selectors, services
from khuyencong.contests.forms import (
    ActionForm,
    CertifyForm,
    ConflictForm,
    NominateForm,
    RoundForm,
    SheetForm,
)
from khuyencong.contests.models import RoundStatus
from khuyencong.contests.workflow import ROUND_WORKFLOW
from khuyencong.core.selectors import history_of, timeline
from khuyencong.core.views import call_service, transition_page

PAGE_SIZE = 25


def _may_create(user) -> bool:
    return services.role_of(user) in NATIONAL_ROLES | PROVINCIAL_ROLES


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.round_list(user=request.user)
    level = request.GET.get("level")
    if level:
        rows = rows.filter(level=level)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contests/round_list.html",
        {"page_obj": page, "can_create": _may_create(request.user), "level": level},
    )


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    if not _may_create(request.user):
        raise PermissionDenied
    initial = {"province": request.user.province_id}
    form = RoundForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: services.round_create(by=request.user, **form.values()))
        if saved is not None:
            messages.success(request, _("Round created with the default scoring sheet."))
            return redirect(saved)
    return render(
        request,
        "contests/form.html",
        {"form": form, "title": _("New round"), "cancel_url": "/contests/"},
    )


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(user=request.user, pk=pk)
    if not services.may_manage(request.user, round_):
        raise PermissionDenied
    initial = {
        name: getattr(round_, name)
        for name in services.rounds.ROUND_FIELDS
        if name not in ("organiser", "province", "commune", "legal_basis")
    }
    initial.update(
        organiser=round_.organiser_id,
        province=round_.province_id,
        commune=round_.commune_id,
        jurors=list(round_.jurors.values_list("pk", flat=True)),
        version=round_.version,
    )
    form = RoundForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        saved = call_service(
            form,
            lambda: services.round_update(
                round_=round_,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **values,
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(saved)
    return render(
        request,
        "contests/form.html",
        {"form": form, "title": _("Edit round"), "cancel_url": round_.get_absolute_url()},
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    round_ = selectors.round_get(user=user, pk=pk)
    manages = services.may_manage(user, round_)
    entries = selectors.entry_list(user=user, round_=round_)
    context = {
        "round": round_,
        "manages": manages,
        "entries": entries,
        "sheet": selectors.sheet(round_),
        "sheet_total": selectors.sheet_total(round_),
        "options": ROUND_WORKFLOW.options(round_, user) if manages else [],
        "timeline": timeline(history_of(round_)[:20], type(round_)),
        "is_juror": services.is_juror(user, round_),
        "conflicts": round_.conflicts.select_related("juror", "establishment"),
    }
    if context["is_juror"] and round_.status == RoundStatus.SCORING:
        queue = selectors.juror_queue(user=user, round_=round_)
        waiting = [e for e in queue if not e.scored and not e.conflict]
        context["next_to_score"] = (waiting or queue or [None])[0]
    if manages:
        context["progress"] = selectors.progress(round_)
    if round_.status == RoundStatus.CLOSED or manages:
        context["results"] = services.compute_results(round_)
    return render(request, "contests/round_detail.html", context)


@login_required
def round_results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(user=request.user, pk=pk)
    manages = services.may_manage(request.user, round_)
    if round_.status != RoundStatus.CLOSED and not manages:
        raise Http404
    results = services.compute_results(round_)
    visible = {e.pk for e in selectors.entry_list(user=request.user, round_=round_)}
    return render(
        request,
        "contests/round_results.html",
        {
            "round": round_,
            "results": [r for r in results if r.entry.pk in visible],
            "manages": manages,
            "next_rounds": services.open_next_rounds(round_) if manages else [],
        },
    )


@login_required
def round_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    round_ = selectors.round_get(user=request.user, pk=pk)
    return transition_page(
        request,
        record=round_,
        workflow=ROUND_WORKFLOW,
        name=name,
        make_form=lambda transition: ActionForm(
            request.POST or None, transition=transition, initial={"version": round_.version}
        ),
        perform=lambda form: services.round_transition(
            round_=round_,
            by=request.user,
            name=name,
            expected_version=form.cleaned_data["version"] or 0,
            data=form.data_for_service(),
        ),
        template="contests/action.html",
        done_message=_("%(action)s: done. The round is now “%(status)s”."),
        context={"round": round_},
    )


def _managed(request, pk):
    round_ = selectors.round_get(user=request.user, pk=pk)
    if not services.may_manage(request.user, round_):
        raise PermissionDenied
    return round_


@login_required
def conflict_add(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed(request, pk)
    form = ConflictForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.conflict_add(round_=round_, by=request.user, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, _("Conflict of interest recorded."))
            return redirect(round_)
    return render(
        request,
        "contests/form.html",
        {
            "form": form,
            "title": _("Record a conflict of interest"),
            "cancel_url": round_.get_absolute_url(),
        },
    )


@login_required
def certify(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed(request, pk)
    form = CertifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, lambda: services.certify(round_=round_, by=request.user, **form.cleaned_data)
        )
        if saved is not None:
            messages.success(request, _("%(n)d certificates issued.") % {"n": len(saved)})
            return redirect("contests:round_results", round_.pk)
    return render(
        request,
        "contests/form.html",
        {"form": form, "title": _("Issue certificates"), "cancel_url": round_.get_absolute_url()},
    )


@login_required
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed(request, pk)
    form = NominateForm(request.POST or None, rounds=services.open_next_rounds(round_))
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.nominate(
                round_=round_, by=request.user, target=form.cleaned_data["target"]
            ),
        )
        if saved is not None:
            messages.success(
                request,
                _("%(n)d products nominated to “%(round)s”.")
                % {"n": len(saved), "round": form.cleaned_data["target"]},
            )
            return redirect("contests:round_results", round_.pk)
    return render(
        request,
        "contests/form.html",
        {
            "form": form,
            "title": _("Nominate the winners to the next level"),
            "cancel_url": round_.get_absolute_url(),
        },
    )


@login_required
def sheet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _managed(request, pk)
    if round_.status != RoundStatus.REGISTRATION:
        messages.error(request, _("The scoring sheet is fixed once scoring has started."))
        return redirect(round_)
    form = SheetForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: (
                services.sheet_update(round_=round_, by=request.user, maxima=form.maxima()) or True
            ),
        )
        if saved:
            messages.success(request, _("Scoring sheet saved."))
            return redirect(f"{round_.get_absolute_url()}#sheet")
    return render(
        request,
        "contests/form.html",
        {
            "form": form,
            "title": _("Scoring sheet"),
            "subtitle": _("Maximum points of each criterion; scoring starts when they total 100."),
            "cancel_url": round_.get_absolute_url(),
        },
    )
