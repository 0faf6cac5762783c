from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from khuyencong.accounts.roles import Action
from khuyencong.core.selectors import history_of, timeline
from khuyencong.geo.models import Province
from khuyencong.registry import selectors, services
from khuyencong.registry.filters import CollaboratorFilter
from khuyencong.registry.forms import CollaboratorForm, TrainingFormSet
from khuyencong.registry.models import Collaborator
from khuyencong.registry.views.common import call_service, filtered_page


@login_required
def collaborator_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "")
    rows = selectors.collaborator_list(user=request.user, sort=sort)
    filterset, page = filtered_page(request, rows, CollaboratorFilter)
    return render(
        request,
        "registry/collaborator_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "sort": sort,
            "can_create": services.may_write_model(request.user, Collaborator),
        },
    )


@login_required
def collaborator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collaborator = selectors.collaborator_get(user=request.user, pk=pk)
    return render(
        request,
        "registry/collaborator_detail.html",
        {
            "collaborator": collaborator,
            "communes": selectors.collaborator_communes(collaborator),
            "trainings": selectors.collaborator_trainings(collaborator),
            "timeline": timeline(history_of(collaborator)[:50], Collaborator),
            "can_edit": services.may_change(request.user, collaborator),
        },
    )


def _save(request, form, trainings, collaborator=None):
    if collaborator is None:
        return call_service(
            form,
            lambda: services.collaborator_create(
                by=request.user, trainings=trainings.values(), **form.values()
            ),
        )
    return call_service(
        form,
        lambda: services.collaborator_update(
            collaborator=collaborator,
            by=request.user,
            expected_version=form.cleaned_data["version"] or 0,
            trainings=trainings.values(),
            **form.values(),
        ),
    )


def _form_page(request, form, trainings, collaborator):
    return render(
        request,
        "registry/collaborator_form.html",
        {"form": form, "trainings": trainings, "collaborator": collaborator},
    )


@login_required
def collaborator_create(request: HttpRequest) -> HttpResponse:
    if not services.may_write_model(request.user, Collaborator):
        raise PermissionDenied
    form = CollaboratorForm(request.POST or None, user=request.user)
    trainings = TrainingFormSet(request.POST or None, prefix="trainings")
    if request.method == "POST" and form.is_valid() and trainings.is_valid():
        saved = _save(request, form, trainings)
        if saved is not None:
            messages.success(request, _("The collaborator was recorded."))
            return redirect(saved)
    return _form_page(request, form, trainings, None)


@login_required
def collaborator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    collaborator = selectors.collaborator_get(user=user, pk=pk, action=Action.CHANGE)
    if not services.may_change(user, collaborator):
        raise PermissionDenied
    initial = {name: getattr(collaborator, name) for name in services.COLLABORATOR_FIELDS}
    initial["communes"] = list(selectors.collaborator_communes(collaborator))
    initial["version"] = collaborator.version
    form = CollaboratorForm(request.POST or None, user=user, initial=initial)
    trainings = TrainingFormSet(
        request.POST or None,
        prefix="trainings",
        initial=[
            {"date": t.date, "course": t.course, "organiser": t.organiser}
            for t in selectors.collaborator_trainings(collaborator)
        ],
    )
    if request.method == "POST" and form.is_valid() and trainings.is_valid():
        saved = _save(request, form, trainings, collaborator)
        if saved is not None:
            messages.success(request, _("The changes were saved."))
            return redirect(saved)
    return _form_page(request, form, trainings, collaborator)


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Which communes of a province have an active collaborator. National users choose the
    province (and see every province's share); others see their own."""
    user = request.user
    chosen = request.GET.get("province", "")
    if user.is_national:
        province = (
            get_object_or_404(Province.objects.current(), pk=int(chosen))
            if chosen.isdecimal()
            else None
        )
    else:
        if user.province_id is None:
            raise PermissionDenied
        if chosen and chosen != str(user.province_id):
            raise Http404
        province = user.province
    gaps_only = request.GET.get("gaps") == "1"
    result = selectors.coverage_of_province(user=user, province=province) if province else None
    rows = result.rows if result else []
    if gaps_only:
        rows = [row for row in rows if not row.collaborators]
    return render(
        request,
        "registry/coverage.html",
        {
            "province": province,
            "coverage": result,
            "rows": rows,
            "gaps_only": gaps_only,
            "provinces": Province.objects.current().order_by("name_folded")
            if user.is_national
            else [],
            "overview": selectors.coverage_by_province(user=user)
            if user.is_national and province is None
            else [],
        },
    )
