from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khuyencong.accounts.roles import Action
from khuyencong.core.selectors import history_of, timeline
from khuyencong.registry import selectors, services
from khuyencong.registry.filters import CraftVillageFilter
from khuyencong.registry.forms import CraftVillageForm
from khuyencong.registry.models import CraftVillage
from khuyencong.registry.views.common import call_service, filtered_page


@login_required
def craft_village_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "")
    rows = selectors.craft_village_list(user=request.user, sort=sort)
    filterset, page = filtered_page(request, rows, CraftVillageFilter)
    return render(
        request,
        "registry/craft_village_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "sort": sort,
            "can_create": services.may_write_model(request.user, CraftVillage),
        },
    )


@login_required
def craft_village_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    village = selectors.craft_village_get(user=user, pk=pk)
    return render(
        request,
        "registry/craft_village_detail.html",
        {
            "village": village,
            "establishments": selectors.craft_village_establishments(
                user=user, craft_village=village
            ),
            "artisans": selectors.craft_village_artisans(user=user, craft_village=village),
            "timeline": timeline(history_of(village)[:50], CraftVillage),
            "can_edit": services.may_change(user, village),
        },
    )


def _form_page(request, form, village):
    return render(request, "registry/craft_village_form.html", {"form": form, "village": village})


@login_required
def craft_village_create(request: HttpRequest) -> HttpResponse:
    if not services.may_write_model(request.user, CraftVillage):
        raise PermissionDenied
    form = CraftVillageForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        village = call_service(
            form, lambda: services.craft_village_create(by=request.user, **form.values())
        )
        if village is not None:
            messages.success(request, _("The craft village was recorded."))
            return redirect(village)
    return _form_page(request, form, None)


@login_required
def craft_village_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    village = selectors.craft_village_get(user=user, pk=pk, action=Action.CHANGE)
    if not services.may_change(user, village):
        raise PermissionDenied
    initial = {name: getattr(village, name) for name in services.CRAFT_VILLAGE_FIELDS}
    initial["version"] = village.version
    form = CraftVillageForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.craft_village_update(
                craft_village=village,
                by=user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.values(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The changes were saved."))
            return redirect(village)
    return _form_page(request, form, village)
