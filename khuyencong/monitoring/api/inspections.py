"""API of inspections: list, detail, create, update; record the visit, add findings and photos."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from khuyencong.accounts.models import User
from khuyencong.monitoring import selectors, services
from khuyencong.monitoring.api.common import (
    REFUSALS,
    ScopedRelationsMixin,
    _call,
    _version,
)
from khuyencong.monitoring.filters import InspectionFilter
from khuyencong.monitoring.models import (
    Answer,
    Finding,
    FollowUp,
    Inspection,
    InspectionAnswer,
    InspectionPhoto,
    InspectionPlan,
)
from khuyencong.projects.models import Project
from khuyencong.registry.api import VersionField
from khuyencong.registry.models import Establishment

# --- inspections -----------------------------------------------------------------------------


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionAnswer
        fields = ["item", "item_text", "answer", "comment"]
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "severity", "text", "version"]
        read_only_fields = ["id", "version"]


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = InspectionPhoto
        fields = ["id", "original_name", "caption", "kind", "size", "url"]
        read_only_fields = fields

    def get_url(self, photo: InspectionPhoto) -> str:
        return reverse("monitoring:photo", args=[photo.pk])


class FollowUpBriefSerializer(serializers.ModelSerializer):
    # The values are those of the follow-up's `status` (one enum in the schema, not two).
    status = serializers.CharField(read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = ["id", "action", "owner_name", "owner_user", "deadline", "status", "overdue"]
        read_only_fields = fields

    def get_overdue(self, follow_up: FollowUp) -> bool:
        return follow_up.is_overdue_on(timezone.localdate())


class InspectionListSerializer(serializers.ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True, default=None)
    establishment_name = serializers.CharField(
        source="establishment.name", read_only=True, default=None
    )
    # The values are those of the inspection's `status` (one enum in the schema, not two).
    status = serializers.CharField(read_only=True)
    finding_count = serializers.IntegerField(read_only=True)
    open_follow_ups = serializers.IntegerField(read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "plan",
            "province",
            "province_name",
            "project",
            "project_code",
            "establishment",
            "establishment_name",
            "status",
            "planned_date",
            "actual_date",
            "finding_count",
            "open_follow_ups",
            "version",
        ]
        read_only_fields = fields


class InspectionSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    """An inspection with its checklist answers, findings, photos and follow-up actions.
    Create and update write the plan, the subject, the team, the planned date and the note; the
    visit is recorded with `POST …/{id}/record/`."""

    scoped_relations = {
        "plan": InspectionPlan,
        "project": Project,
        "establishment": Establishment,
        "team_users": User,
    }

    province_name = serializers.CharField(source="province.name", read_only=True)
    version = VersionField()
    gps_warning = serializers.SerializerMethodField(
        help_text=_("Set when the GPS point is outside Vietnam (a warning, not an error).")
    )
    answers = AnswerSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    follow_ups = FollowUpBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "plan",
            "province",
            "province_name",
            "project",
            "establishment",
            "team_members",
            "team_users",
            "planned_date",
            "actual_date",
            "status",
            "note",
            "summary",
            "cancel_reason",
            "latitude",
            "longitude",
            "gps_warning",
            "answers",
            "findings",
            "photos",
            "follow_ups",
            "version",
        ]
        read_only_fields = [
            "province",
            "actual_date",
            "status",
            "summary",
            "cancel_reason",
            "latitude",
            "longitude",
        ]
        extra_kwargs = {"planned_date": {"required": False}}

    def get_gps_warning(self, inspection: Inspection) -> str:
        return services.gps_warning(inspection)


class AnswerInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text=_("The checklist item (its id)."))
    answer = serializers.ChoiceField(choices=Answer.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)


class RecordSerializer(serializers.Serializer):
    """The visit: its date, the answer to every checklist question, the conclusion and an
    optional GPS point (both coordinates or neither)."""

    version = serializers.IntegerField(
        help_text=_("The version of the inspection you read; refused (409) if it changed since.")
    )
    actual_date = serializers.DateField()
    answers = AnswerInputSerializer(many=True, required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )


class PhotoUploadSerializer(serializers.Serializer):
    upload = serializers.FileField(help_text=_("A JPEG or PNG image."))
    caption = serializers.CharField(required=False, allow_blank=True, max_length=255)


class InspectionViewSet(viewsets.ModelViewSet):
    """Inspections within the caller's scope, with the list page's filters."""

    filterset_class = InspectionFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.inspection_rows(user=self.request.user)
        rows = selectors.inspection_list(user=self.request.user)
        return rows.prefetch_related("team_users", "answers", "findings", "photos", "follow_ups")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        return InspectionListSerializer if self.action == "list" else InspectionSerializer

    def _reloaded(self, inspection: Inspection) -> Inspection:
        return self.get_queryset().get(pk=inspection.pk)

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        values.pop("version", None)
        inspection = _call(services.inspection_create, by=self.request.user, **values)
        serializer.instance = self._reloaded(inspection)

    def perform_update(self, serializer):
        values = dict(serializer.validated_data)
        version = _version(values)
        inspection = _call(
            services.inspection_update,
            inspection=serializer.instance,
            by=self.request.user,
            expected_version=version,
            **values,
        )
        serializer.instance = self._reloaded(inspection)

    @extend_schema(request=RecordSerializer, responses={200: InspectionSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str | None = None) -> Response:
        """Record the visit (or correct a recorded one)."""
        inspection = self.get_object()
        incoming = RecordSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        inspection = _call(
            services.inspection_record,
            inspection=inspection,
            by=request.user,
            expected_version=data.pop("version"),
            actual_date=data["actual_date"],
            answers=data.get("answers", []),
            summary=data.get("summary", ""),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )
        inspection = self._reloaded(inspection)
        return Response(
            InspectionSerializer(inspection, context=self.get_serializer_context()).data
        )

    @extend_schema(request=FindingSerializer, responses={201: FindingSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def findings(self, request: Request, pk: str | None = None) -> Response:
        """Add a finding to a recorded inspection."""
        inspection = self.get_object()
        incoming = FindingSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        finding = _call(
            services.finding_add, inspection=inspection, by=request.user, **incoming.validated_data
        )
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={201: PhotoSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request: Request, pk: str | None = None) -> Response:
        """Add a photo (JPEG or PNG, checked by content) to a recorded inspection."""
        inspection = self.get_object()
        incoming = PhotoUploadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        photo = _call(
            services.photo_add, inspection=inspection, by=request.user, **incoming.validated_data
        )
        return Response(PhotoSerializer(photo).data, status=status.HTTP_201_CREATED)
