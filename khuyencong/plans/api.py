"""REST API of programmes and annual plans. Reads go through the selectors (the caller's scope:
another province's plan is a 404), writes through the services: create, update naming the
`version` it was based on (409 when someone saved since), the life-cycle actions
(`POST …/{id}/transition/`), proposing a project (`POST …/{id}/items/`) and allocating a tranche
(`POST …/{id}/allocations/`). A service's refusal is a 400 with its messages, a right the caller
lacks a 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from khuyencong.core.concurrency import StaleVersionError
from khuyencong.core.scope import restrict
from khuyencong.geo.models import Province
from khuyencong.plans import selectors, services
from khuyencong.plans.filters import PlanFilter
from khuyencong.plans.models import (
    Allocation,
    AllocationLine,
    Plan,
    PlanItem,
    PlanVersion,
    Programme,
    ProgrammeTarget,
)
from khuyencong.plans.workflow import PLAN_WORKFLOW
from khuyencong.policy.models import FundingSource
from khuyencong.policy.models import Programme as ProgrammeKind
from khuyencong.projects.models import BudgetLine, Project
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


# --- programmes -------------------------------------------------------------------------------


class ProgrammeTargetSerializer(serializers.ModelSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)

    class Meta:
        model = ProgrammeTarget
        fields = ["indicator", "indicator_code", "indicator_name", "unit", "target"]
        validators: list = []


class ProgrammeSerializer(serializers.ModelSerializer):
    """A programme (a phase) with its targets per indicator."""

    kind = KindField()
    province = serializers.PrimaryKeyRelatedField(
        queryset=Province.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The province of a local programme; empty for the national one."),
    )
    province_name = serializers.CharField(source="province.name", read_only=True, default=None)
    targets = ProgrammeTargetSerializer(many=True, required=False)

    class Meta:
        model = Programme
        fields = [
            "id",
            "kind",
            "name",
            "province",
            "province_name",
            "start_year",
            "end_year",
            "approved_by",
            "decision_number",
            "decision_date",
            "legal_basis",
            "note",
            "targets",
            "version",
        ]
        read_only_fields = ["version"]
        validators: list = []


class ProgrammeViewSet(viewsets.ModelViewSet):
    """Programmes: the national ones and the provincial ones in the caller's scope. The ministry
    and administrators record national programmes, provincial managers their province's."""

    serializer_class = ProgrammeSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.programme_list(user=self.request.user).prefetch_related(
            "targets__indicator"
        )

    @extend_schema(responses={201: ProgrammeSerializer, **ERRORS})
    def create(self, request: Request, *args, **kwargs) -> Response:
        _check(services.may_manage_programmes(request.user), _("You may not create programmes."))
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        targets = {row["indicator"]: row["target"] for row in values.pop("targets", [])}
        programme = _call(services.programme_create, by=request.user, targets=targets, **values)
        programme = self.get_queryset().get(pk=programme.pk)
        return Response(self.get_serializer(programme).data, status=status.HTTP_201_CREATED)


# --- plans: what is read ----------------------------------------------------------------------


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


# --- plans: what is written -------------------------------------------------------------------


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


@extend_schema_view(
    list=extend_schema(summary=_("Plans in your area of work")),
    retrieve=extend_schema(
        summary=_("A plan with its projects, versions, tranches and progress"),
        responses={200: PlanSerializer, 404: ERRORS[404]},
    ),
)
class PlanViewSet(viewsets.ModelViewSet):
    """Annual plans within the caller's scope (filters: year, kind, province, status). Writes go
    through the services; an update names the `version` it was based on."""

    filterset_class = PlanFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user)

    def filter_queryset(self, queryset):
        # The list's filters do not apply to one named plan.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        return PlanListSerializer if self.action == "list" else PlanSerializer

    def _detail_response(self, plan: Plan, code: int = status.HTTP_200_OK) -> Response:
        plan = self.get_queryset().get(pk=plan.pk)
        return Response(
            PlanSerializer(plan, context=self.get_serializer_context()).data, status=code
        )

    @extend_schema(
        request=PlanCreateSerializer,
        responses={201: PlanSerializer, 400: ERRORS[400], 403: ERRORS[403]},
        summary=_("Open a plan for registration"),
    )
    def create(self, request: Request, *args, **kwargs) -> Response:
        _check(services.may_create_plan(request.user), _("You may not create plans."))
        incoming = PlanCreateSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        values.setdefault("province", request.user.province)
        plan = _call(services.plan_create, by=request.user, **values)
        return self._detail_response(plan, status.HTTP_201_CREATED)

    @extend_schema(
        request=PlanUpdateSerializer,
        responses={200: PlanSerializer, **ERRORS, **CONFLICT},
        summary=_("Change a plan's title, deadlines, programme or note"),
    )
    def update(self, request: Request, *args, **kwargs) -> Response:
        plan = self.get_object()
        incoming = PlanUpdateSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        version = values.pop("version")
        plan = _call(
            services.plan_update, plan=plan, by=request.user, expected_version=version, **values
        )
        return self._detail_response(plan)

    @extend_schema(
        request=PlanUpdateSerializer,
        responses={200: PlanSerializer, **ERRORS, **CONFLICT},
        summary=_("Change a plan's title, deadlines, programme or note"),
    )
    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        return self.update(request, *args, **kwargs)

    @extend_schema(
        request=PlanTransitionSerializer,
        responses={200: PlanSerializer, **ERRORS, **CONFLICT},
        summary=_("Take a life-cycle action"),
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Take a life-cycle action (close registration, submit, approve, amend…) recording its
        decision number and date, approving body and note, as on the plan's page."""
        plan = self.get_object()
        incoming = PlanTransitionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        name = data.pop("action")
        version = data.pop("version")
        data = {key: value for key, value in data.items() if value not in (None, "")}
        plan = _call(
            services.plan_transition,
            plan=plan,
            by=request.user,
            name=name,
            expected_version=version,
            data=data,
        )
        return self._detail_response(plan)

    @extend_schema(
        request=ProposalSerializer,
        responses={
            201: PlanItemSerializer,
            200: OpenApiResponse(
                PlanItemSerializer, description=_("The project was already in the plan.")
            ),
            **ERRORS,
        },
        summary=_("Propose a project for the plan"),
    )
    @action(detail=True, methods=["post"])
    def items(self, request: Request, pk: str | None = None) -> Response:
        """Put a project of the plan's province, programme and year into the plan: during
        registration, or while an amendment is prepared. `is_selected: false` leaves it out."""
        plan = self.get_object()
        incoming = ProposalSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        project = incoming.validated_data["project"]
        existed = PlanItem.objects.filter(plan=plan, project=project).exists()
        item = _call(
            services.put_in_plan,
            plan=plan,
            project=project,
            by=request.user,
            selected=incoming.validated_data["is_selected"],
        )
        item = (
            PlanItem.objects.select_related("project__activity_content", "proposed_by")
            .prefetch_related("project__budget_lines__source")
            .get(pk=item.pk)
        )
        return Response(
            PlanItemSerializer(item).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=AllocationCreateSerializer,
        responses={201: AllocationSerializer, **ERRORS},
        summary=_("Allocate a tranche of the approved money"),
    )
    @action(detail=True, methods=["post"])
    def allocations(self, request: Request, pk: str | None = None) -> Response:
        """A tranche (decision number and date) giving money to the plan's projects, by
        funding source; never more, over all tranches, than the plan approved."""
        plan = self.get_object()
        _check(services.may_manage(request.user, plan), _("You may not change this plan now."))
        incoming = AllocationCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        allocation = _call(
            services.allocation_create,
            plan=plan,
            by=request.user,
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            note=data.get("note", ""),
            lines=[(row["project"], row["source"], row["amount_vnd"]) for row in data["lines"]],
        )
        allocation = Allocation.objects.prefetch_related(
            Prefetch("lines", queryset=AllocationLine.objects.select_related("project", "source"))
        ).get(pk=allocation.pk)
        return Response(AllocationSerializer(allocation).data, status=status.HTTP_201_CREATED)
