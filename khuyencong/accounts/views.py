from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from khuyencong.accounts import selectors, services
from khuyencong.accounts.filters import OrganisationFilter
from khuyencong.accounts.forms import LoginForm, OrganisationForm, StyledPasswordChangeForm
from khuyencong.accounts.roles import Action
from khuyencong.core.concurrency import StaleVersionError
from khuyencong.core.selectors import history_of, timeline
from khuyencong.core.views import add_errors

PAGE_SIZE = 25


def locked_out(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Shown by django-axes after too many wrong passwords."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-in attempts. For your security, signing in is blocked for "
        "%(minutes)d minutes. Please try again later or contact the administrator."
    ) % {"minutes": minutes}
    return render(request, "registration/login.html", {"locked_out": message}, status=429)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = StyledPasswordChangeForm


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "")
    organisations = selectors.organisation_list(user=request.user, sort=sort)
    filterset = OrganisationFilter(request.GET, queryset=organisations)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "sort": sort,
            "can_create": services.may_manage_organisations(request.user),
        },
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, pk=pk)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_users(user=request.user, organisation=organisation),
            "timeline": timeline(history_of(organisation)[:50], type(organisation)),
            "can_edit": services.may_manage_organisations(request.user)
            and selectors.organisation_in_scope(user=request.user, pk=pk, action=Action.CHANGE),
        },
    )


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    if not services.may_manage_organisations(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(by=request.user, **form.values())
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The organisation was created."))
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": None})


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = selectors.organisation_get(user=request.user, pk=pk, action=Action.CHANGE)
    if not services.may_manage_organisations(request.user):
        raise PermissionDenied
    initial = {f: getattr(organisation, f) for f in services.ORGANISATION_FIELDS}
    initial["version"] = organisation.version
    form = OrganisationForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.values(),
            )
        except StaleVersionError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(
        request, "accounts/organisation_form.html", {"form": form, "organisation": organisation}
    )
