from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khuyencong.core import selectors
from khuyencong.core.concurrency import StaleVersionError
from khuyencong.core.dashboard import home_counts
from khuyencong.core.forms import BootstrapFormMixin
from khuyencong.core.models import ChangeRecord
from khuyencong.core.navigation import AUDIT_ROLES
from khuyencong.core.workflow import TransitionRefused, Workflow


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or on top of the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


Saved = TypeVar("Saved")


def call_service(
    form: forms.Form,
    write: Callable[[], Saved],
    *,
    on_error: Callable[[forms.Form, ValidationError], None] = add_errors,
) -> Saved | None:
    """Run a service write for a valid form. A refusal (stale version, no permission, invalid
    values) goes onto the form instead of raising; the result is None then."""
    try:
        return write()
    except (StaleVersionError, PermissionDenied) as exc:
        form.add_error(None, str(exc))
    except ValidationError as exc:
        on_error(form, exc)
    return None


def transition_page(
    request: HttpRequest,
    *,
    record,
    workflow: Workflow,
    name: str,
    make_form: Callable,
    perform: Callable[[forms.Form], Saved],
    template: str,
    done_message: str | Promise,
    context: dict | None = None,
) -> HttpResponse:
    """The page of one workflow action on a record, for every module: the action's form with the
    reasons it is not available, and on a valid POST the module's service performing it.

    `make_form(transition)` builds the form (bound to the POST when there is one); `perform(form)`
    calls the service and returns the saved record; `done_message` has the placeholders
    %(action)s and %(status)s. An unknown action, or one that does not apply to this record, is
    "not found"."""
    try:
        transition = workflow.get(name)
    except TransitionRefused as exc:
        raise Http404 from exc
    if transition.applies is not None and not transition.applies(record):
        raise Http404
    reasons = workflow.reasons(record, request.user, transition)
    form = make_form(transition)
    if request.method == "POST" and not reasons and form.is_valid():
        saved = call_service(form, lambda: perform(form))
        if saved is not None:
            messages.success(
                request,
                done_message % {"action": transition.label, "status": saved.get_status_display()},
            )
            return redirect(saved)
    return render(
        request,
        template,
        {**(context or {}), "transition": transition, "form": form, "reasons": reasons},
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    may_audit = user.is_superuser or user.role in AUDIT_ROLES
    recent = selectors.audit_list(user=user)[:8] if may_audit else []
    return render(
        request,
        "core/home.html",
        {"counts": home_counts(user), "recent_changes": recent, "may_audit": may_audit},
    )


class AuditFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Object"), required=False)
    content_type = forms.ModelChoiceField(
        label=_("Object type"),
        required=False,
        queryset=ContentType.objects.none(),
        empty_label=_("All"),
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All")), *ChangeRecord.Action.choices]
    )
    user = forms.CharField(label=_("User"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        used = ChangeRecord.objects.values_list("content_type", flat=True).distinct()
        self.fields["content_type"].queryset = ContentType.objects.filter(pk__in=used)
        self.fields["content_type"].label_from_instance = lambda ct: str(
            ct.model_class()._meta.verbose_name if ct.model_class() else ct.model
        ).capitalize()


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_superuser or user.role in AUDIT_ROLES):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    records = selectors.audit_list(user=user, filters=filters)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    entries = []
    by_model: dict = {}
    for record in page.object_list:
        by_model.setdefault(record.content_type_id, []).append(record)
    for content_type_id, group in by_model.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            entries.extend(selectors.timeline(group, model))
    entries.sort(key=lambda e: (e["record"].at, e["record"].pk), reverse=True)
    return render(
        request, "core/audit_list.html", {"form": form, "page_obj": page, "entries": entries}
    )
