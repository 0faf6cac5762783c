"""API of programmes (phases) and their targets: list, detail, create."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from khuyencong.geo.models import Province
from khuyencong.plans import selectors, services
from khuyencong.plans.api.common import ERRORS, KindField, _call, _check
from khuyencong.plans.models import Programme, ProgrammeTarget


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
