"""API of after-support surveys: list (with the due filter), detail, create, record."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from khuyencong.monitoring import selectors, services
from khuyencong.monitoring.api.common import (
    ScopedRelationsMixin,
    _call,
    _version,
)
from khuyencong.monitoring.filters import SurveyFilter
from khuyencong.monitoring.models import (
    EquipmentUse,
    Survey,
    SurveyStatus,
)
from khuyencong.projects.models import Project
from khuyencong.registry.api import VersionField
from khuyencong.registry.models import Establishment

# --- surveys ---------------------------------------------------------------------------------


class SurveySerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    """A survey after support. Create adds one by hand (`establishment`, `project`, `due_date`:
    the establishment must have received support from the project); update records it
    (`status` done or not_reachable, with the answers)."""

    scoped_relations = {"establishment": Establishment, "project": Project}

    version = VersionField()
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True)
    overdue = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=SurveyStatus.choices, required=False)
    equipment_in_use = serializers.ChoiceField(
        choices=EquipmentUse.choices, required=False, allow_blank=True
    )
    revenue_vnd = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, help_text=_("Whole VND.")
    )

    class Meta:
        model = Survey
        fields = [
            "id",
            "establishment",
            "establishment_name",
            "project",
            "project_code",
            "province",
            "months_after",
            "due_date",
            "status",
            "overdue",
            "surveyed_on",
            "equipment_in_use",
            "workers",
            "women_workers",
            "revenue_vnd",
            "cost_change_percent",
            "note",
            "recorded_by",
            "recorded_at",
            "version",
        ]
        read_only_fields = ["province", "months_after", "recorded_by", "recorded_at"]
        extra_kwargs = {"due_date": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in ("establishment", "project", "due_date"):
                fields[name].read_only = True
        return fields

    def get_overdue(self, survey: Survey) -> bool:
        return survey.is_overdue_on(timezone.localdate())


class SurveyViewSet(viewsets.ModelViewSet):
    """After-support surveys within the caller's scope; `?due=soon` is the due list (overdue or
    due within 30 days)."""

    filterset_class = SurveyFilter
    serializer_class = SurveySerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.survey_list(user=self.request.user).select_related("recorded_by")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        survey = _call(
            services.survey_create,
            by=self.request.user,
            establishment=values.get("establishment"),
            project=values.get("project"),
            due_date=values.get("due_date"),
            note=values.get("note", ""),
        )
        serializer.instance = self.get_queryset().get(pk=survey.pk)

    def perform_update(self, serializer):
        values = dict(serializer.validated_data)
        version = _version(values)
        survey = serializer.instance
        current = {k: getattr(survey, k) for k in services.SURVEY_ANSWERS}
        answers = {k: values[k] for k in services.SURVEY_ANSWERS if k in values}
        survey = _call(
            services.survey_record,
            survey=survey,
            by=self.request.user,
            expected_version=version,
            status=values.get("status", survey.status),
            **{**current, **answers},
        )
        serializer.instance = self.get_queryset().get(pk=survey.pk)
