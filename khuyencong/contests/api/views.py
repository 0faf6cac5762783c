"""View sets of the contests API: reads through the selectors, writes through the services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from khuyencong.contests import selectors, services
from khuyencong.contests.api.serializers import (
    CertificateSerializer,
    EntrySerializer,
    EntryUpdateSerializer,
    RoundDetailSerializer,
    RoundSerializer,
    ScoresSerializer,
)
from khuyencong.contests.filters import CertificateFilter, EntryFilter, RoundFilter
from khuyencong.contests.models import Certificate, Level
from khuyencong.contests.services.entries import ENTRY_FIELDS
from khuyencong.core.concurrency import StaleVersionError
from khuyencong.core.scope import restrict
from khuyencong.registry.api import VersionConflict


def _detail(error: DjangoValidationError) -> Any:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"non_field_errors": error.messages}


def _call(function, **arguments):
    """Run a service, turning its refusals into API errors (400, 403 with the service's reason,
    409)."""
    try:
        return function(**arguments)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc
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


WRITE_RESPONSES = {
    400: OpenApiResponse(description=_("Refused: the messages, by field.")),
    403: OpenApiResponse(description=_("You may not do this.")),
    404: OpenApiResponse(description=_("Not found in your area of work.")),
    409: OpenApiResponse(description=_("Someone saved the record meanwhile.")),
}


@extend_schema_view(
    create=extend_schema(responses={201: RoundDetailSerializer, **WRITE_RESPONSES}),
    update=extend_schema(responses={200: RoundDetailSerializer, **WRITE_RESPONSES}),
    partial_update=extend_schema(responses={200: RoundDetailSerializer, **WRITE_RESPONSES}),
)
class RoundViewSet(viewsets.ModelViewSet):
    """Typical-product rounds the caller organises, sits on the jury of, or sees in their scope.
    Organisers create and change rounds of their level and province (the ministry: every level);
    a new round gets the default 100-point scoring sheet."""

    filterset_class = RoundFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.round_list(user=self.request.user).select_related("legal_basis")

    def get_serializer_class(self):
        return RoundSerializer if self.action == "list" else RoundDetailSerializer

    def _reloaded(self, round_):
        """The saved round as the list shows it (with its counts); should it have left the
        caller's view, the saved object itself rather than an error after the commit."""
        reloaded = self.get_queryset().prefetch_related("jurors").filter(pk=round_.pk).first()
        if reloaded is None:
            round_.entry_count = round_.entries.count()
            return round_
        return reloaded

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        values.pop("version", None)
        user = self.request.user
        if values.get("level") == Level.PROVINCE and values.get("province") is None:
            values["province"] = user.province  # a provincial officer's own province
        jurors = values.pop("jurors", ())
        round_ = _call(services.round_create, by=user, jurors=jurors, **values)
        serializer.instance = self._reloaded(round_)

    def perform_update(self, serializer):
        values = dict(serializer.validated_data)
        version = _version(values)
        round_ = _call(
            services.round_update,
            round_=serializer.instance,
            by=self.request.user,
            expected_version=version,
            jurors=values.pop("jurors", None),
            **values,
        )
        serializer.instance = self._reloaded(round_)


@extend_schema_view(
    create=extend_schema(responses={201: EntrySerializer, **WRITE_RESPONSES}),
    update=extend_schema(
        request=EntryUpdateSerializer, responses={200: EntrySerializer, **WRITE_RESPONSES}
    ),
    partial_update=extend_schema(
        request=EntryUpdateSerializer, responses={200: EntrySerializer, **WRITE_RESPONSES}
    ),
)
class EntryViewSet(viewsets.ModelViewSet):
    """Entries: organisers those of their rounds, jurors those assigned to them, establishments
    their own. Registering and changing an entry run the same eligibility checks as the pages
    (a regional or national entry needs the certificate of the level below)."""

    filterset_class = EntryFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.entry_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return EntryUpdateSerializer
        return EntrySerializer

    def _reloaded(self, entry):
        return self.get_queryset().get(pk=entry.pk)

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        values.pop("version", None)
        entry = _call(
            services.entry_create,
            round_=values.pop("round"),
            by=self.request.user,
            establishment=values.pop("establishment"),
            **values,
        )
        serializer.instance = self._reloaded(entry)

    def perform_update(self, serializer):
        values = dict(serializer.validated_data)
        version = _version(values)
        entry = _call(
            services.entry_update,
            entry=serializer.instance,
            by=self.request.user,
            expected_version=version,
            **{k: v for k, v in values.items() if k in ENTRY_FIELDS},
        )
        serializer.instance = self._reloaded(entry)

    @extend_schema(request=ScoresSerializer, responses={200: ScoresSerializer})
    @action(detail=True, methods=["post"])
    def scores(self, request: Request, pk=None) -> Response:
        """The caller's points on this entry, as a juror (all or nothing)."""
        entry = self.get_object()
        serializer = ScoresSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        points = serializer.validated_data["points"]  # keyed by criterion id (validate_points)
        _call(services.scores_save, entry=entry, by=request.user, points=points)
        return Response({"points": {str(k): str(v) for k, v in points.items()}})


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    """Results: the certificates of typical products within the caller's scope."""

    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter

    def get_queryset(self):
        return (
            restrict(Certificate.objects.all(), self.request.user)
            .select_related("entry", "establishment", "province")
            .order_by("-issued_on", "pk")
        )
