"""Follow-up actions: the list with its filters, one follow-up, its edit and its actions."""

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
from khuyencong.core.views import call_service, transition_page
from khuyencong.monitoring import selectors, services
from khuyencong.monitoring.filters import FollowUpFilter
from khuyencong.monitoring.forms import FollowUpActionForm, FollowUpForm
from khuyencong.monitoring.models import FollowUp
from khuyencong.monitoring.workflow import FOLLOW_UP_WORKFLOW

PAGE_SIZE = 25


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.follow_up_list(user=request.user)
    filterset = FollowUpFilter(request.GET, queryset=rows, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/follow_up_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "summary": selectors.follow_up_summary(filterset.qs),
            "today": timezone.localdate(),
        },
    )


@login_required
def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    return render(
        request,
        "monitoring/follow_up_detail.html",
        {
            "follow_up": follow_up,
            "inspection": follow_up.inspection,
            "overdue": follow_up.is_overdue_on(timezone.localdate()),
            "options": FOLLOW_UP_WORKFLOW.options(follow_up, request.user),
            "can_edit": services.may_edit_follow_up(request.user, follow_up),
            "timeline": timeline(history_of(follow_up)[:30], FollowUp),
        },
    )


@login_required
def follow_up_edit(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    if not services.may_edit_follow_up(request.user, follow_up):
        raise PermissionDenied
    initial = {k: getattr(follow_up, k) for k in services.FOLLOW_UP_FIELDS}
    initial["version"] = follow_up.version
    form = FollowUpForm(
        request.POST or None,
        user=request.user,
        inspection=follow_up.inspection,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.follow_up_update(
                follow_up=follow_up,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.values(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(saved)
    return render(
        request,
        "monitoring/simple_form.html",
        {
            "form": form,
            "inspection": follow_up.inspection,
            "title": _("Edit follow-up action"),
            "cancel_url": follow_up.get_absolute_url(),
        },
    )


@login_required
def follow_up_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    return transition_page(
        request,
        record=follow_up,
        workflow=FOLLOW_UP_WORKFLOW,
        name=name,
        make_form=lambda transition: FollowUpActionForm(
            request.POST or None, transition=transition, initial={"version": follow_up.version}
        ),
        perform=lambda form: services.follow_up_transition(
            follow_up=follow_up,
            by=request.user,
            name=name,
            expected_version=form.cleaned_data["version"] or 0,
            data=form.data_for_service(),
        ),
        template="monitoring/follow_up_transition.html",
        done_message=_("%(action)s: done. The follow-up is now “%(status)s”."),
        context={"follow_up": follow_up},
    )
