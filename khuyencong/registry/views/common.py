"""What the registry pages share: the list page, service errors next to the fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext as _

from khuyencong.core.views import call_service as core_call_service

Saved = TypeVar("Saved")

PAGE_SIZE = 25


def filtered_page(request: HttpRequest, rows: QuerySet, filterset_class: type) -> tuple[Any, Page]:
    filterset = filterset_class(request.GET, queryset=rows, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return filterset, page


def _message(error: ValidationError) -> list[str]:
    if error.code == "duplicate_tax_code" and error.params:
        return [
            format_html(
                _('This tax code is already registered for <a href="{url}">{name}</a>.'),
                url=error.params["url"],
                name=error.params["name"],
            )
        ]
    return list(error.messages)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError next to the fields it names (or on top of the form); a
    duplicate tax code becomes a link to the record that holds it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.error_dict.items():
        messages = [message for item in errors for message in _message(item)]
        form.add_error(field if field in form.fields else None, messages)


def call_service(form: forms.Form, write: Callable[[], Saved]) -> Saved | None:
    """The shared `call_service`, with a duplicate tax code shown as a link."""
    return core_call_service(form, write, on_error=add_service_errors)
