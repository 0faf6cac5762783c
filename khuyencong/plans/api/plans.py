"""API of annual plans: list, detail, create, update, the life-cycle actions, proposing a project
and allocating a tranche."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from khuyencong.plans import selectors, services
from khuyencong.plans.api.common import CONFLICT, ERRORS, _call, _check
from khuyencong.plans.api.inputs import (
    AllocationCreateSerializer,
    PlanCreateSerializer,
    PlanTransitionSerializer,
    PlanUpdateSerializer,
    ProposalSerializer,
)
from khuyencong.plans.api.serializers import (
    AllocationSerializer,
    PlanItemSerializer,
    PlanListSerializer,
    PlanSerializer,
)
from khuyencong.plans.filters import PlanFilter
from khuyencong.plans.models import Allocation, AllocationLine, Plan, PlanItem

# Serializer fields that are not columns of the plan.
COMPUTED = {
    "id",
    "province_name",
    "programme_name",
    "status_label",
    "project_count",
    "version_count",
}
# The fields the plan list reads (the serializer's, and the names it shows of related rows).
LIST_COLUMNS = [
    *(name for name in PlanListSerializer.Meta.fields if name not in COMPUTED),
    "province__name",
    "programme__name",
]


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
        rows = selectors.plan_list(user=self.request.user)
        if self.action == "list":
            # Read, never saved: the columns the list returns (no change-log snapshot of each
            # plan, its province and its programme).
            return rows.only(*LIST_COLUMNS)
        return rows

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
