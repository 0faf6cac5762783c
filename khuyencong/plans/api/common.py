"""What the programme and plan endpoints share: refusals as API errors, the documented error
responses, the national / local field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from khuyencong.core.concurrency import StaleVersionError
from khuyencong.policy.models import Programme as ProgrammeKind
from khuyencong.registry.api import VersionConflict


def _detail(error: DjangoValidationError) -> Any:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"non_field_errors": error.messages}


def _call(function, **arguments):
    """Run a service, turning its refusals into API errors (400, 409; 403 passes through)."""
    try:
        return function(**arguments)
    except StaleVersionError as exc:
        raise VersionConflict(str(exc)) from exc
    except DjangoValidationError as exc:
        raise serializers.ValidationError(_detail(exc)) from exc


def _check(allowed: bool, message) -> None:
    if not allowed:
        raise PermissionDenied(str(message))


KIND_HELP = _("national or local (the programme the plan belongs to).")
ERRORS = {
    400: OpenApiResponse(description=_("Refused: the messages, by field.")),
    403: OpenApiResponse(description=_("You may not do this.")),
    404: OpenApiResponse(description=_("No such plan in your area of work.")),
}
CONFLICT = {409: OpenApiResponse(description=_("Someone saved the plan meanwhile."))}


@extend_schema_field({"type": "string", "pattern": "^(national|local)$"})
class KindField(serializers.ChoiceField):
    """national / local (a pattern, not a second enum of the projects' `programme` choices)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", KIND_HELP)
        super().__init__(choices=ProgrammeKind.choices, **kwargs)
