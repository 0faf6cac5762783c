"""REST API of projects. Reads go through the selectors (the caller's scope: another province's
project is a 404), writes through the services: create, update naming the `version` it was based
on (409 when someone saved since) and the life-cycle actions (`POST …/{id}/transition/`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from khuyencong.accounts.models import Organisation, User
from khuyencong.core.concurrency import StaleVersionError
from khuyencong.core.scope import restrict
from khuyencong.policy.models import FundingSource, Indicator
from khuyencong.projects import money, selectors, services
from khuyencong.projects.filters import ProjectFilter
from khuyencong.projects.models import AppraisalResult, Project, ProjectOutput
from khuyencong.projects.workflow import PROJECT_WORKFLOW
from khuyencong.registry.api import VersionConflict, VersionField
from khuyencong.registry.models import CraftVillage, Establishment


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


# --- read-only parts of a project -------------------------------------------------------------


class MoneySerializer(serializers.Serializer):
    """Amounts in whole VND (computed from the budget lines and transactions, never stored)."""

    proposed_vnd = serializers.IntegerField()
    approved_vnd = serializers.IntegerField(allow_null=True)
    revised_vnd = serializers.IntegerField(allow_null=True)
    current_vnd = serializers.IntegerField(
        help_text=_("Revised, else approved, else proposed: what may be spent now.")
    )
    disbursed_vnd = serializers.IntegerField()
    undisbursed_vnd = serializers.IntegerField()
    settled_vnd = serializers.IntegerField(allow_null=True)


class BudgetRowSerializer(MoneySerializer):
    """The money of one funding source."""

    source = serializers.CharField(source="source.code", help_text=_("Funding-source code."))
    source_name = serializers.CharField(source="source.name")
    is_state_budget = serializers.BooleanField()


class OutputSerializer(serializers.ModelSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)

    class Meta:
        model = ProjectOutput
        fields = [
            "indicator",
            "indicator_code",
            "indicator_name",
            "unit",
            "target",
            "actual",
            "note",
        ]


class ActionSerializer(serializers.Serializer):
    """A life-cycle action of the project's current state, and why the caller may not take it."""

    name = serializers.CharField()
    label = serializers.CharField()
    allowed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    asks = serializers.ListField(child=serializers.CharField(), source="transition.asks")
    requires = serializers.ListField(child=serializers.CharField(), source="transition.requires")


class OutputRowSerializer(serializers.Serializer):
    indicator = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Indicator.objects.filter(is_active=True),
        help_text=_("Indicator code, e.g. trainees."),
    )
    target = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    actual = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class OutputsSerializer(serializers.Serializer):
    version = VersionField()
    outputs = OutputRowSerializer(many=True)


class ProjectOutputsMixin:
    """`PUT /api/v1/projects/{id}/outputs/`: the planned outputs (targets, in a draft) or their
    actuals (during the work, at acceptance and later), as on the outputs page."""

    @extend_schema(
        request=OutputsSerializer,
        responses={
            200: OutputSerializer(many=True),
            400: OpenApiResponse(description=_("Refused: the messages, by field.")),
            403: OpenApiResponse(description=_("You may not do this.")),
            404: OpenApiResponse(description=_("No such project in your area of work.")),
            409: OpenApiResponse(description=_("Someone saved the project meanwhile.")),
        },
        summary=_("Set the targets or the actuals of a project's outputs"),
    )
    @action(detail=True, methods=["put"])
    def outputs(self, request: Request, pk: str | None = None) -> Response:
        project = self.get_object()
        incoming = OutputsSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        existing = {o.indicator_id: o for o in project.outputs.all()}
        rows = []
        for row in incoming.validated_data["outputs"]:
            current = existing.get(row["indicator"].pk)
            rows.append(
                {
                    "indicator": row["indicator"],
                    "target": row.get("target", current.target if current else None),
                    "actual": row.get("actual", current.actual if current else None),
                    "note": row.get("note", current.note if current else ""),
                }
            )
        _call(
            services.outputs_save,
            project=project,
            by=request.user,
            expected_version=incoming.validated_data["version"],
            rows=rows,
        )
        outputs = ProjectOutput.objects.filter(project=project).select_related("indicator")
        return Response(OutputSerializer(outputs, many=True).data)


# --- projects ---------------------------------------------------------------------------------


class ProjectListSerializer(serializers.ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True)
    legal_basis_number = serializers.CharField(source="legal_basis.number", read_only=True)
    activity_content_code = serializers.CharField(source="activity_content.code", read_only=True)
    # The values are those of the project's `status` (one enum in the schema, not two).
    status = serializers.CharField(read_only=True)
    state_support_vnd = serializers.IntegerField(
        read_only=True, help_text=_("State support (national and local funds) now.")
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "title",
            "year",
            "programme",
            "status",
            "province",
            "province_name",
            "legal_basis",
            "legal_basis_number",
            "activity_content",
            "activity_content_code",
            "planned_start",
            "planned_end",
            "approval_number",
            "approved_on",
            "is_historical",
            "state_support_vnd",
            "version",
        ]
        read_only_fields = fields


# The fields the project list reads (the serializer's, and the names it shows of related rows).
LIST_COLUMNS = [
    *(
        name
        for name in ProjectListSerializer.Meta.fields
        if name
        not in {
            "id",
            "province_name",
            "legal_basis_number",
            "activity_content_code",
            "state_support_vnd",
        }
    ),
    "province__name",
    "legal_basis__number",
    "activity_content__code",
]


# Who/what a project may refer to: within the caller's scope (another province's rows are
# "not found", not named).
SCOPED_RELATIONS = {
    "establishments": Establishment,
    "craft_villages": CraftVillage,
    "lead_unit": Organisation,
    "implementing_unit": Organisation,
    "officers": User,
}


class ProjectSerializer(serializers.ModelSerializer):
    """A project with its money per funding source, its planned outputs and the actions the
    caller may take. Create and update write the fields that are not read-only."""

    province_name = serializers.CharField(source="province.name", read_only=True)
    legal_basis_number = serializers.CharField(source="legal_basis.number", read_only=True)
    version = VersionField()
    budget = serializers.SerializerMethodField()
    budget_total = serializers.SerializerMethodField()
    outputs = OutputSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "title",
            "programme",
            "year",
            "province",
            "province_name",
            "province_then",
            "legal_basis",
            "legal_basis_number",
            "activity_content",
            "lead_unit",
            "implementing_unit",
            "establishments",
            "craft_villages",
            "communes",
            "districts_then",
            "communes_then",
            "planned_start",
            "planned_end",
            "is_pilot",
            "is_group",
            "is_multi_year",
            "objectives",
            "description",
            "officers",
            "support_rule",
            "eligible_cost_vnd",
            "support_units",
            "cap_justification",
            "status",
            "appraisal_result",
            "appraisal_opinion",
            "approval_number",
            "approved_on",
            "contract_number",
            "contract_date",
            "actual_start",
            "acceptance_number",
            "acceptance_date",
            "settlement_number",
            "settlement_date",
            "closed_on",
            "carried_over_from",
            "is_historical",
            "budget",
            "budget_total",
            "outputs",
            "actions",
            "version",
        ]
        read_only_fields = [
            "code",
            "province_then",
            "legal_basis",
            "districts_then",
            "communes_then",
            "cap_justification",
            "status",
            "appraisal_result",
            "appraisal_opinion",
            "approval_number",
            "approved_on",
            "contract_number",
            "contract_date",
            "actual_start",
            "acceptance_number",
            "acceptance_date",
            "settlement_number",
            "settlement_date",
            "closed_on",
            "carried_over_from",
            "is_historical",
        ]
        extra_kwargs = {"province": {"required": False}}
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            for name, model in SCOPED_RELATIONS.items():
                field = fields[name]
                relation = getattr(field, "child_relation", field)
                relation.queryset = restrict(model._default_manager.all(), user)
        return fields

    @extend_schema_field(BudgetRowSerializer(many=True))
    def get_budget(self, project: Project) -> list[dict]:
        return BudgetRowSerializer(self._money_rows(project), many=True).data

    @extend_schema_field(MoneySerializer)
    def get_budget_total(self, project: Project) -> dict:
        return MoneySerializer(money.money_total(self._money_rows(project))).data

    @extend_schema_field(ActionSerializer(many=True))
    def get_actions(self, project: Project) -> list[dict]:
        request = self.context.get("request")
        options = PROJECT_WORKFLOW.options(project, getattr(request, "user", None))
        return ActionSerializer(options, many=True).data

    def _money_rows(self, project: Project) -> list[money.MoneyRow]:
        cache = self.context.setdefault("_money_rows", {})
        if project.pk not in cache:
            cache[project.pk] = money.money_rows(project)
        return cache[project.pk]


class TransitionSerializer(serializers.Serializer):
    """A life-cycle action and what it records. Which fields an action asks for and requires is
    in the project's `actions`; dates are ISO (2026-01-31)."""

    action = serializers.ChoiceField(
        choices=[(t.name, t.label) for t in PROJECT_WORKFLOW.transitions.values()]
    )
    version = serializers.IntegerField(
        help_text=_("The version of the project you read; refused (409) if it changed since.")
    )
    decision_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    decision_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)
    actual_start = serializers.DateField(required=False, allow_null=True)
    appraisal_result = serializers.ChoiceField(
        choices=AppraisalResult.choices, required=False, allow_blank=True
    )
    appraisal_opinion = serializers.CharField(required=False, allow_blank=True)
    cap_justification = serializers.CharField(required=False, allow_blank=True)
    settled = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        help_text=_("Settlement: the settled amount (VND) per funding-source code."),
    )
    attachment = serializers.FileField(
        required=False,
        help_text=_("The action's document (multipart), e.g. the contract when starting."),
    )

    def validate_settled(self, value: dict[str, int]) -> dict[int, int]:
        sources = dict(FundingSource.objects.values_list("code", "pk"))
        unknown = sorted(set(value) - set(sources))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown funding sources: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return {sources[code]: amount for code, amount in value.items()}


class ProjectViewSet(ProjectOutputsMixin, viewsets.ModelViewSet):
    """Projects within the caller's scope, with the same filters as the list page (`sort` as
    there). Writes go through the services; an update names the `version` it was based on."""

    filterset_class = ProjectFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        rows = selectors.project_list(
            user=self.request.user, sort=self.request.query_params.get("sort", "")
        )
        if self.action == "list":
            # Read, never saved: the columns the list returns (no change-log snapshot of each
            # row and of its province, decree and content).
            return rows.only(*LIST_COLUMNS)
        return rows.prefetch_related(
            "establishments",
            "craft_villages",
            "communes",
            "districts_then",
            "communes_then",
            "officers",
            "outputs__indicator",
        )

    def filter_queryset(self, queryset):
        # The list's filters do not apply to one named project.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        return ProjectListSerializer if self.action == "list" else ProjectSerializer

    def _reloaded(self, project: Project) -> Project:
        return self.get_queryset().get(pk=project.pk)

    @staticmethod
    def _values(data: dict) -> dict:
        data = dict(data)
        data.pop("version", None)
        return data

    def perform_create(self, serializer):
        values = self._values(serializer.validated_data)
        values.setdefault("province", self.request.user.province)
        project = _call(services.project_create, by=self.request.user, **values)
        serializer.instance = self._reloaded(project)

    def perform_update(self, serializer):
        version = serializer.validated_data.get("version")
        if version is None:
            raise serializers.ValidationError(
                {"version": [_("Give the version of the record you are changing.")]}
            )
        project = serializer.instance
        current = {
            key: list(getattr(project, key).all())
            if key in services.M2M_FIELDS
            else getattr(project, key)
            for key in services.PROJECT_FIELDS
        }
        values = {**current, **self._values(serializer.validated_data)}
        project = _call(
            services.project_update,
            project=project,
            by=self.request.user,
            expected_version=version,
            **values,
        )
        serializer.instance = self._reloaded(project)

    @extend_schema(
        request={
            "application/json": TransitionSerializer,
            "multipart/form-data": TransitionSerializer,
        },
        responses={
            200: ProjectSerializer,
            400: OpenApiResponse(description=_("The action was refused: the reasons.")),
            403: OpenApiResponse(description=_("You may not do this.")),
            404: OpenApiResponse(description=_("No such project in your area of work.")),
            409: OpenApiResponse(description=_("Someone saved the project meanwhile.")),
        },
        summary=_("Take a life-cycle action"),
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Take a life-cycle action (submit, appraise, approve, start, accept, settle, close…)
        recording its decision number and date, note and document, as on the project page."""
        project = self.get_object()
        incoming = TransitionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        name = data.pop("action")
        version = data.pop("version")
        attachment = data.pop("attachment", None)
        data = {key: value for key, value in data.items() if value not in (None, "")}
        project = _call(
            services.project_transition,
            project=project,
            by=request.user,
            name=name,
            expected_version=version,
            data=data,
            attachment=attachment,
        )
        project = self._reloaded(project)
        return Response(ProjectSerializer(project, context=self.get_serializer_context()).data)
