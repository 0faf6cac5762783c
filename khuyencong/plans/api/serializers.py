"""What the plan endpoints return: a plan in a list, and a plan with its projects, approved
versions, allocation tranches, progress and the actions the caller may take."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khuyencong.plans import selectors, services
from khuyencong.plans.api.common import KIND_HELP
from khuyencong.plans.models import (
    Allocation,
    AllocationLine,
    Plan,
    PlanItem,
    PlanVersion,
)
from khuyencong.plans.workflow import PLAN_WORKFLOW
from khuyencong.policy.models import FundingSource
from khuyencong.projects.models import BudgetLine


class PlanListSerializer(serializers.ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True)
    programme_name = serializers.CharField(source="programme.name", read_only=True, default=None)
    # Plain strings: the values of the model's choices (one enum per choice set in the schema).
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    status = serializers.CharField(
        read_only=True,
        help_text=_("registration, consolidated, submitted, approved or amending."),
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    project_count = serializers.IntegerField(
        read_only=True, help_text=_("Projects kept in the plan.")
    )
    version_count = serializers.IntegerField(
        read_only=True, help_text=_("Approved versions (1: as approved; then amendments).")
    )

    class Meta:
        model = Plan
        fields = [
            "id",
            "kind",
            "year",
            "province",
            "province_name",
            "programme",
            "programme_name",
            "title",
            "status",
            "status_label",
            "registration_deadline",
            "decision_number",
            "decision_date",
            "approved_total_vnd",
            "project_count",
            "version_count",
            "version",
        ]
        read_only_fields = fields


class PlanItemSerializer(serializers.ModelSerializer):
    """A project of the plan, with its money now (whole VND per funding-source code)."""

    project_code = serializers.CharField(source="project.code", read_only=True)
    project_title = serializers.CharField(source="project.title", read_only=True)
    project_status = serializers.CharField(source="project.status", read_only=True)
    activity_content_code = serializers.CharField(
        source="project.activity_content.code", read_only=True
    )
    proposed_by_name = serializers.CharField(
        source="proposed_by.name", read_only=True, default=None
    )
    amounts = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "project",
            "project_code",
            "project_title",
            "project_status",
            "activity_content_code",
            "is_selected",
            "proposed_by",
            "proposed_by_name",
            "amounts",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {"type": "object", "additionalProperties": {"type": "integer"}, "example": {"local": 1}}
    )
    def get_amounts(self, item: PlanItem) -> dict[str, int]:
        return {line.source.code: line.current_vnd for line in item.project.budget_lines.all()}


class PlanVersionSerializer(serializers.ModelSerializer):
    total_vnd = serializers.IntegerField(
        read_only=True, help_text=_("State support (national and local funds) approved.")
    )

    class Meta:
        model = PlanVersion
        fields = ["number", "decision_number", "decision_date", "reason", "total_vnd", "created_at"]
        read_only_fields = fields


class AllocationLineSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    source = serializers.CharField(source="source.code", read_only=True)
    source_name = serializers.CharField(source="source.name", read_only=True)

    class Meta:
        model = AllocationLine
        fields = ["project", "project_code", "source", "source_name", "amount_vnd"]
        read_only_fields = fields


class AllocationSerializer(serializers.ModelSerializer):
    lines = AllocationLineSerializer(many=True, read_only=True)
    total_vnd = serializers.SerializerMethodField()

    class Meta:
        model = Allocation
        fields = ["id", "number", "decision_number", "decision_date", "note", "lines", "total_vnd"]
        read_only_fields = fields

    def get_total_vnd(self, allocation: Allocation) -> int:
        return sum(line.amount_vnd for line in allocation.lines.all())


class MoneyProgressSerializer(serializers.Serializer):
    """Money of the plan's kept projects, whole VND: approved (the latest version, or the
    proposal before approval), allocated in tranches, disbursed, settled."""

    source = serializers.CharField(
        allow_null=True, help_text=_("Funding-source code (by source only).")
    )
    label = serializers.CharField()
    approved_vnd = serializers.IntegerField()
    allocated_vnd = serializers.IntegerField()
    disbursed_vnd = serializers.IntegerField()
    settled_vnd = serializers.IntegerField()
    disbursement_rate = serializers.DecimalField(
        max_digits=7, decimal_places=1, allow_null=True, help_text=_("Disbursed / approved, %.")
    )


class StatusCountSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class TargetProgressSerializer(serializers.Serializer):
    name = serializers.CharField()
    unit = serializers.CharField()
    programme_target = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    planned = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    actual = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class ProgressSerializer(serializers.Serializer):
    project_count = serializers.IntegerField()
    accepted_count = serializers.IntegerField()
    accepted_share = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        allow_null=True,
        help_text=_("Accepted (or settled, closed) projects / kept projects, %."),
    )
    by_status = StatusCountSerializer(many=True)
    money_by_source = MoneyProgressSerializer(many=True)
    money_by_content = MoneyProgressSerializer(many=True)
    money_total = MoneyProgressSerializer()
    targets = TargetProgressSerializer(many=True)


def _money(row, source: str | None = None) -> dict:
    return {
        "source": source,
        "label": row.label,
        "approved_vnd": row.approved_vnd,
        "allocated_vnd": row.allocated_vnd,
        "disbursed_vnd": row.disbursed_vnd,
        "settled_vnd": row.settled_vnd,
        "disbursement_rate": row.disbursement_rate,
    }


def progress_data(plan: Plan) -> dict:
    progress = selectors.progress(plan)
    code_of = {s.name: s.code for s in FundingSource.objects.all()}
    return {
        "project_count": progress.project_count,
        "accepted_count": progress.accepted_count,
        "accepted_share": progress.accepted_share,
        "by_status": [
            {"status": value, "label": label, "count": count}
            for value, label, count in progress.by_status
        ],
        "money_by_source": [
            _money(row, code_of.get(row.label, row.label)) for row in progress.money_by_source
        ],
        "money_by_content": [_money(row) for row in progress.money_by_content],
        "money_total": _money(progress.money_total),
        "targets": progress.targets,
    }


class PlanActionSerializer(serializers.Serializer):
    """A life-cycle action of the plan's current state, and why the caller may not take it."""

    name = serializers.CharField()
    label = serializers.CharField()
    allowed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    asks = serializers.ListField(child=serializers.CharField(), source="transition.asks")
    requires = serializers.ListField(child=serializers.CharField(), source="transition.requires")


class PlanSerializer(PlanListSerializer):
    """A plan with its projects, its approved versions, its allocation tranches, its progress
    and the actions the caller may take."""

    items = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    allocations = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    can_manage = serializers.SerializerMethodField()
    can_propose = serializers.SerializerMethodField()

    class Meta(PlanListSerializer.Meta):
        fields = [
            *PlanListSerializer.Meta.fields,
            "mid_year_report_due",
            "year_end_report_due",
            "approved_by",
            "note",
            "items",
            "versions",
            "allocations",
            "progress",
            "actions",
            "can_manage",
            "can_propose",
        ]
        read_only_fields = fields

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    @extend_schema_field(PlanItemSerializer(many=True))
    def get_items(self, plan: Plan) -> list[dict]:
        rows = (
            PlanItem.objects.filter(plan=plan)
            .select_related("project__activity_content", "proposed_by")
            .prefetch_related(
                Prefetch(
                    "project__budget_lines", queryset=BudgetLine.objects.select_related("source")
                )
            )
            .order_by("-is_selected", "project__code")
        )
        return PlanItemSerializer(rows, many=True).data

    @extend_schema_field(PlanVersionSerializer(many=True))
    def get_versions(self, plan: Plan) -> list[dict]:
        return PlanVersionSerializer(selectors.versions_of(plan), many=True).data

    @extend_schema_field(AllocationSerializer(many=True))
    def get_allocations(self, plan: Plan) -> list[dict]:
        rows = plan.allocations.prefetch_related(
            Prefetch("lines", queryset=AllocationLine.objects.select_related("project", "source"))
        )
        return AllocationSerializer(rows, many=True).data

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, plan: Plan) -> dict:
        return ProgressSerializer(progress_data(plan)).data

    @extend_schema_field(PlanActionSerializer(many=True))
    def get_actions(self, plan: Plan) -> list[dict]:
        return PlanActionSerializer(PLAN_WORKFLOW.options(plan, self._user()), many=True).data

    def get_can_manage(self, plan: Plan) -> bool:
        user = self._user()
        return bool(user is not None and services.may_manage(user, plan))

    def get_can_propose(self, plan: Plan) -> bool:
        user = self._user()
        return bool(user is not None and services.may_propose(user, plan))
