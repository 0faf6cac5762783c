"""What the plan endpoints accept: a new plan, an update, a life-cycle action, a proposed project
and an allocation tranche."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khuyencong.core.scope import restrict
from khuyencong.geo.models import Province
from khuyencong.plans import selectors
from khuyencong.plans.api.common import KindField
from khuyencong.plans.workflow import PLAN_WORKFLOW
from khuyencong.policy.models import FundingSource
from khuyencong.projects.models import Project


@extend_schema_field(OpenApiTypes.INT)
class ScopedProgrammeField(serializers.PrimaryKeyRelatedField):
    """A national programme, or a provincial one of the caller's area of work."""

    def get_queryset(self):
        request = self.context.get("request")
        return selectors.programme_list(user=getattr(request, "user", None))


class PlanCreateSerializer(serializers.Serializer):
    """Open a plan for registration: one per province, year and programme."""

    kind = KindField()
    year = serializers.IntegerField()
    province = serializers.PrimaryKeyRelatedField(
        queryset=Province.objects.all(),
        required=False,
        help_text=_("Empty: the caller's province."),
    )
    programme = ScopedProgrammeField(required=False, allow_null=True)
    title = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text=_("Empty: the usual title.")
    )
    registration_deadline = serializers.DateField(required=False, allow_null=True)
    mid_year_report_due = serializers.DateField(required=False, allow_null=True)
    year_end_report_due = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class PlanUpdateSerializer(serializers.Serializer):
    """Title, deadlines, programme and note; never what an approval fixed."""

    version = serializers.IntegerField(
        help_text=_("The version of the plan you read; refused (409) if it changed since.")
    )
    programme = ScopedProgrammeField(required=False, allow_null=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    registration_deadline = serializers.DateField(required=False, allow_null=True)
    mid_year_report_due = serializers.DateField(required=False, allow_null=True)
    year_end_report_due = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class PlanTransitionSerializer(serializers.Serializer):
    """A life-cycle action and what it records. Which fields an action asks for and requires is
    in the plan's `actions`; dates are ISO (2026-01-31)."""

    action = serializers.ChoiceField(
        choices=[(t.name, t.label) for t in PLAN_WORKFLOW.transitions.values()]
    )
    version = serializers.IntegerField(
        help_text=_("The version of the plan you read; refused (409) if it changed since.")
    )
    decision_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    decision_date = serializers.DateField(required=False, allow_null=True)
    approved_by = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True)


@extend_schema_field(OpenApiTypes.INT)
class ScopedProjectField(serializers.PrimaryKeyRelatedField):
    """A project of the caller's area of work (another province's is "not found")."""

    def get_queryset(self):
        request = self.context.get("request")
        return restrict(Project.objects.all(), getattr(request, "user", None))


class ProposalSerializer(serializers.Serializer):
    project = ScopedProjectField(help_text=_("The project's system ID."))
    is_selected = serializers.BooleanField(
        default=True,
        help_text=_("False: proposed, then left out (kept for the record; managers only)."),
    )


class AllocationLineInputSerializer(serializers.Serializer):
    project = ScopedProjectField(help_text=_("The project's system ID."))
    source = serializers.SlugRelatedField(
        slug_field="code",
        queryset=FundingSource.objects.all(),
        help_text=_("Funding-source code, e.g. local."),
    )
    amount_vnd = serializers.IntegerField(help_text=_("Whole VND, above zero."))


class AllocationCreateSerializer(serializers.Serializer):
    """A tranche of the approved money. Over all tranches, a project never gets more from a
    source than the plan approved for it."""

    decision_number = serializers.CharField(max_length=60, allow_blank=True)
    decision_date = serializers.DateField(allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)
    lines = AllocationLineInputSerializer(many=True, allow_empty=True)
