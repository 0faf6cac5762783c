from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khuyencong.accounts.roles import Action
from khuyencong.core.selectors import history_of, timeline
from khuyencong.registry import selectors, services
from khuyencong.registry.filters import ArtisanFilter
from khuyencong.registry.forms import ArtisanForm
from khuyencong.registry.models import Artisan
from khuyencong.registry.views.common import call_service, filtered_page


@login_required
def artisan_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "")
    rows = selectors.artisan_list(user=request.user, sort=sort)
    filterset, page = filtered_page(request, rows, ArtisanFilter)
    return render(
        request,
        "registry/artisan_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "sort": sort,
            "can_create": services.may_write_model(request.user, Artisan),
        },
    )


@login_required
def artisan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    artisan = selectors.artisan_get(user=request.user, pk=pk)
    return render(
        request,
        "registry/artisan_detail.html",
        {
            "artisan": artisan,
            "timeline": timeline(history_of(artisan)[:50], Artisan),
            "can_edit": services.may_change(request.user, artisan),
        },
    )


def _form_page(request, form, artisan):
    return render(request, "registry/artisan_form.html", {"form": form, "artisan": artisan})


@login_required
def artisan_create(request: HttpRequest) -> HttpResponse:
    if not services.may_write_model(request.user, Artisan):
        raise PermissionDenied
    form = ArtisanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        artisan = call_service(
            form, lambda: services.artisan_create(by=request.user, **form.values())
        )
        if artisan is not None:
            messages.success(request, _("The artisan was recorded."))
            return redirect(artisan)
    return _form_page(request, form, None)


@login_required
def artisan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    artisan = selectors.artisan_get(user=user, pk=pk, action=Action.CHANGE)
    if not services.may_change(user, artisan):
        raise PermissionDenied
    initial = {name: getattr(artisan, name) for name in services.ARTISAN_FIELDS}
    initial["version"] = artisan.version
    form = ArtisanForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.artisan_update(
                artisan=artisan,
                by=user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.values(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The changes were saved."))
            return redirect(artisan)
    return _form_page(request, form, artisan)
