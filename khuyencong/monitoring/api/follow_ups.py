"""API of follow-up actions: list, detail, create, update and their life-cycle actions."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from khuyencong.accounts.models import User
from khuyencong.monitoring import selectors, services
from khuyencong.monitoring.api.common import (
    REFUSALS,
    ScopedRelationsMixin,
    _call,
    _user,
    _version,
)
from khuyencong.monitoring.filters import FollowUpFilter
from khuyencong.monitoring.models import (
    Finding,
    FollowUp,
    Inspection,
)
from khuyencong.monitoring.workflow import FOLLOW_UP_WORKFLOW
from khuyencong.registry.api import VersionField

# --- follow-ups ------------------------------------------------------------------------------


class FollowUpActionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    allowed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class FollowUpListSerializer(serializers.ModelSerializer):
    # The values are those of the follow-up's `status` (one enum in the schema, not two).
    status = serializers.CharField(read_only=True)
    province_name = serializers.CharField(source="inspection.province.name", read_only=True)
    subject = serializers.CharField(source="inspection.subject_label", read_only=True)
    owner = serializers.CharField(source="owner_label", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "inspection",
            "province_name",
            "subject",
            "finding",
            "action",
            "owner",
            "deadline",
            "status",
            "overdue",
            "done_on",
            "closed_on",
            "version",
        ]
        read_only_fields = fields

    def get_overdue(self, follow_up: FollowUp) -> bool:
        return follow_up.is_overdue_on(timezone.localdate())


class FollowUpSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    """A follow-up action. Create names the `inspection` (recorded); update changes an open
    one; `POST …/{id}/transition/` marks it done, closes or reopens it."""

    scoped_relations = {"inspection": Inspection, "finding": Finding, "owner_user": User}

    version = VersionField()
    overdue = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "inspection",
            "finding",
            "action",
            "owner_user",
            "owner_name",
            "deadline",
            "status",
            "overdue",
            "done_on",
            "closed_on",
            "closing_note",
            "actions",
            "version",
        ]
        read_only_fields = ["status", "done_on", "closed_on", "closing_note"]
        extra_kwargs = {"deadline": {"required": False}, "action": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["inspection"].read_only = True
        return fields

    def get_overdue(self, follow_up: FollowUp) -> bool:
        return follow_up.is_overdue_on(timezone.localdate())

    @extend_schema_field(FollowUpActionSerializer(many=True))
    def get_actions(self, follow_up: FollowUp) -> list[dict]:
        options = FOLLOW_UP_WORKFLOW.options(follow_up, _user(self.context.get("request")))
        return FollowUpActionSerializer(
            [
                {"name": o.name, "label": o.label, "allowed": o.allowed, "reasons": o.reasons}
                for o in options
            ],
            many=True,
        ).data


class FollowUpTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[(t.name, t.label) for t in FOLLOW_UP_WORKFLOW.transitions.values()]
    )
    version = serializers.IntegerField()
    decision_date = serializers.DateField(
        required=False, allow_null=True, help_text=_("Done on / closing date.")
    )
    note = serializers.CharField(required=False, allow_blank=True)


class FollowUpViewSet(viewsets.ModelViewSet):
    """Follow-up actions within the caller's scope (filters: status, overdue, owner…)."""

    filterset_class = FollowUpFilter
    serializer_class = FollowUpSerializer

    def get_serializer_class(self):
        return FollowUpListSerializer if self.action == "list" else FollowUpSerializer

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.follow_up_rows(user=self.request.user)
        return selectors.follow_up_list(user=self.request.user)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        values.pop("version", None)
        inspection = values.pop("inspection", None)
        if inspection is None:
            raise serializers.ValidationError({"inspection": [_("Choose the inspection.")]})
        follow_up = _call(
            services.follow_up_add, inspection=inspection, by=self.request.user, **values
        )
        serializer.instance = self.get_queryset().get(pk=follow_up.pk)

    def perform_update(self, serializer):
        values = dict(serializer.validated_data)
        version = _version(values)
        values.pop("inspection", None)
        follow_up = _call(
            services.follow_up_update,
            follow_up=serializer.instance,
            by=self.request.user,
            expected_version=version,
            **values,
        )
        serializer.instance = self.get_queryset().get(pk=follow_up.pk)

    @extend_schema(
        request=FollowUpTransitionSerializer, responses={200: FollowUpSerializer, **REFUSALS}
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Mark done, close (with the closing note and date) or reopen."""
        follow_up = self.get_object()
        incoming = FollowUpTransitionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        name = data.pop("action")
        version = data.pop("version")
        data = {k: v for k, v in data.items() if v not in (None, "")}
        follow_up = _call(
            services.follow_up_transition,
            follow_up=follow_up,
            by=request.user,
            name=name,
            expected_version=version,
            data=data,
        )
        follow_up = self.get_queryset().get(pk=follow_up.pk)
        return Response(FollowUpSerializer(follow_up, context=self.get_serializer_context()).data)
