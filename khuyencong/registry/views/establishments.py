from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khuyencong.accounts.roles import Action
from khuyencong.core.concurrency import StaleVersionError
from khuyencong.core.panels import panels_for
from khuyencong.core.selectors import history_of, timeline
from khuyencong.registry import selectors, services
from khuyencong.registry.filters import EstablishmentFilter
from khuyencong.registry.forms import EstablishmentForm, MergeForm, RevenueFormSet
from khuyencong.registry.models import Establishment
from khuyencong.registry.views.common import add_service_errors, filtered_page


@login_required
def establishment_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "")
    rows = selectors.establishment_list(user=request.user, sort=sort)
    filterset, page = filtered_page(request, rows, EstablishmentFilter)
    return render(
        request,
        "registry/establishment_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "sort": sort,
            "summary": selectors.establishment_summary(filterset.qs),
            "can_create": services.may_write_model(request.user, Establishment),
            "can_merge": services.may_merge(request.user),
        },
    )


@login_required
def establishment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    establishment = selectors.establishment_get(user=user, pk=pk)
    return render(
        request,
        "registry/establishment_detail.html",
        {
            "establishment": establishment,
            "revenues": selectors.establishment_revenues(establishment),
            "artisans": selectors.establishment_artisans(user=user, establishment=establishment),
            "projects": selectors.establishment_projects(user=user, establishment=establishment),
            "panels": panels_for(user, establishment),
            "merged_from": selectors.establishment_merged_from(
                user=user, establishment=establishment
            ),
            "timeline": timeline(history_of(establishment)[:50], Establishment),
            "can_edit": not establishment.is_merged and services.may_change(user, establishment),
            "can_merge": not establishment.is_merged and services.may_merge(user),
        },
    )


def _save(request, form, revenues, establishment=None):
    """Call the service; return the saved establishment, or None with the errors on the form
    (and the probable duplicates, if that was the problem)."""
    duplicates = []
    values = form.values()
    confirm = form.cleaned_data.get("confirm_not_duplicate", False)
    try:
        if establishment is None:
            saved = services.establishment_create(
                by=request.user,
                revenues=revenues.values(),
                confirm_not_duplicate=confirm,
                **values,
            )
        else:
            saved = services.establishment_update(
                establishment=establishment,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                revenues=revenues.values(),
                confirm_not_duplicate=confirm,
                **values,
            )
    except services.ProbableDuplicateError as exc:
        duplicates = exc.candidates
        form.ask_to_confirm()
        add_service_errors(form, exc)
    except StaleVersionError as exc:
        form.add_error(None, str(exc))
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You may not record this here."))
    except ValidationError as exc:
        add_service_errors(form, exc)
    else:
        return saved, []
    return None, duplicates


@login_required
def establishment_create(request: HttpRequest) -> HttpResponse:
    if not services.may_write_model(request.user, Establishment):
        raise PermissionDenied
    form = EstablishmentForm(request.POST or None, user=request.user)
    revenues = RevenueFormSet(request.POST or None, prefix="revenues")
    duplicates = []
    if request.method == "POST" and form.is_valid() and revenues.is_valid():
        saved, duplicates = _save(request, form, revenues)
        if saved is not None:
            messages.success(request, _("The establishment was recorded."))
            return redirect(saved)
    return render(
        request,
        "registry/establishment_form.html",
        {"form": form, "revenues": revenues, "duplicates": duplicates, "establishment": None},
    )


@login_required
def establishment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    establishment = selectors.establishment_get(user=user, pk=pk, action=Action.CHANGE)
    if establishment.is_merged or not services.may_change(user, establishment):
        raise PermissionDenied
    initial = {name: getattr(establishment, name) for name in services.ESTABLISHMENT_FIELDS}
    initial["version"] = establishment.version
    form = EstablishmentForm(request.POST or None, user=user, initial=initial)
    revenues = RevenueFormSet(
        request.POST or None,
        prefix="revenues",
        initial=[
            {"year": r.year, "amount": r.amount}
            for r in selectors.establishment_revenues(establishment)
        ],
    )
    duplicates = []
    if request.method == "POST" and form.is_valid() and revenues.is_valid():
        saved, duplicates = _save(request, form, revenues, establishment)
        if saved is not None:
            messages.success(request, _("The changes were saved."))
            return redirect(saved)
    return render(
        request,
        "registry/establishment_form.html",
        {
            "form": form,
            "revenues": revenues,
            "duplicates": duplicates,
            "establishment": establishment,
        },
    )


@login_required
def establishment_merge(request: HttpRequest) -> HttpResponse:
    """Administrators choose a duplicate and the record to keep, see what moves, then merge."""
    if not services.may_merge(request.user):
        raise PermissionDenied
    plan = None
    if request.method == "POST":
        form = MergeForm(request.POST)
        if form.is_valid():
            try:
                services.establishment_merge(
                    source=form.cleaned_data["source"],
                    target=form.cleaned_data["target"],
                    by=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("“%(source)s” was merged into this record.")
                    % {"source": form.cleaned_data["source"].name},
                )
                return redirect(form.cleaned_data["target"])
    elif "source" in request.GET and "target" in request.GET:
        form = MergeForm(request.GET)
        if form.is_valid():
            plan = services.merge_plan(
                source=form.cleaned_data["source"], target=form.cleaned_data["target"]
            )
    else:
        form = MergeForm(initial={"source": request.GET.get("source")})
    return render(request, "registry/establishment_merge.html", {"form": form, "plan": plan})
