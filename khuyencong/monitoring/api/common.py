"""What the monitoring API endpoints share: refusals as API errors, scoped relations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from khuyencong.accounts.models import User
from khuyencong.core.concurrency import StaleVersionError
from khuyencong.core.scope import restrict
from khuyencong.registry.api import VersionConflict

REFUSALS = {
    400: OpenApiResponse(description=_("Refused: the reasons, by field.")),
    403: OpenApiResponse(description=_("You may not do this.")),
    404: OpenApiResponse(description=_("No such record in your area of work.")),
    409: OpenApiResponse(description=_("Someone saved the record meanwhile.")),
}


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


def _version(data: dict) -> int:
    version = data.pop("version", None)
    if version is None:
        raise serializers.ValidationError(
            {"version": [_("Give the version of the record you are changing.")]}
        )
    return version


def _user(request) -> User | None:
    return getattr(request, "user", None)


class ScopedRelationsMixin:
    """Related rows a write may name are those the caller sees (others are "not found")."""

    scoped_relations: dict[str, type] = {}

    def get_fields(self):
        fields = super().get_fields()
        user = _user(self.context.get("request"))
        if user is not None and user.is_authenticated:
            for name, model in self.scoped_relations.items():
                field = fields.get(name)
                if field is None or field.read_only:
                    continue
                relation = getattr(field, "child_relation", field)
                relation.queryset = restrict(model._default_manager.all(), user)
        return fields
