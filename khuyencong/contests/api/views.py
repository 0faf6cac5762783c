"""Serializers and view sets of the contests API."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from khuyencong.contests import selectors, services
from khuyencong.contests.filters import CertificateFilter, EntryFilter, RoundFilter
from khuyencong.contests.models import Certificate, Criterion, Entry, Round
from khuyencong.core.scope import restrict


class CriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group = serializers.CharField(source="group.name")
    name = serializers.CharField()
    max_points = serializers.IntegerField()


class RoundSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    organiser_name = serializers.CharField(source="organiser.name", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True, default=None)
    legal_basis_number = serializers.CharField(source="legal_basis.number", read_only=True)
    entry_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "level",
            "year",
            "title",
            "organiser",
            "organiser_name",
            "province",
            "province_name",
            "commune",
            "region",
            "legal_basis_number",
            "registration_opens",
            "registration_closes",
            "scoring_until",
            "announcement_date",
            "pass_mark",
            "certificate_years",
            "status",
            "closed_on",
            "entry_count",
            "version",
        ]
        read_only_fields = fields


class RoundDetailSerializer(RoundSerializer):
    criteria = serializers.SerializerMethodField()

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "criteria"]
        read_only_fields = fields

    @extend_schema(responses=CriterionSerializer(many=True))
    def get_criteria(self, round_: Round) -> list[dict]:
        rows = (
            Criterion.objects.filter(group__round=round_)
            .select_related("group")
            .order_by("group__order", "order")
        )
        return CriterionSerializer(rows, many=True).data


class EntrySerializer(serializers.ModelSerializer):
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)
    certificate_number = serializers.SerializerMethodField()

    class Meta:
        model = Entry
        fields = [
            "id",
            "round",
            "establishment",
            "establishment_name",
            "province_name",
            "product_name",
            "description",
            "group",
            "mass_producible",
            "previous_entry",
            "average_score",
            "rank",
            "passed",
            "certificate_number",
            "version",
        ]
        read_only_fields = fields

    def get_certificate_number(self, entry: Entry) -> str | None:
        certificate = getattr(entry, "certificate", None)
        return certificate.number if certificate else None

    def to_representation(self, entry):
        data = super().to_representation(entry)
        if entry.round.status != "closed":
            # Results are published when the round closes.
            data["average_score"] = data["rank"] = data["passed"] = None
        return data


class CertificateSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="entry.product_name", read_only=True)
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "entry",
            "product_name",
            "establishment",
            "establishment_name",
            "province",
            "province_name",
            "number",
            "issued_on",
            "level",
            "year",
            "valid_until",
        ]
        read_only_fields = fields


class ScoresSerializer(serializers.Serializer):
    points = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=1),
        help_text='Points by criterion id, e.g. {"12": 8.5}; every criterion of the sheet.',
    )


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    """Typical-product rounds the caller organises, sits on the jury of, or sees in their scope."""

    filterset_class = RoundFilter

    def get_queryset(self):
        return selectors.round_list(user=self.request.user).select_related("legal_basis")

    def get_serializer_class(self):
        return RoundSerializer if self.action == "list" else RoundDetailSerializer


class EntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Entries: organisers those of their rounds, jurors those assigned to them, establishments
    their own."""

    serializer_class = EntrySerializer
    filterset_class = EntryFilter

    def get_queryset(self):
        return selectors.entry_list(user=self.request.user)

    @extend_schema(request=ScoresSerializer, responses={200: ScoresSerializer})
    @action(detail=True, methods=["post"])
    def scores(self, request: Request, pk=None) -> Response:
        """The caller's points on this entry, as a juror (all or nothing)."""
        entry = self.get_object()
        serializer = ScoresSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        points = {int(k): v for k, v in serializer.validated_data["points"].items()}
        try:
            services.scores_save(entry=entry, by=request.user, points=points)
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            raise serializers.ValidationError(detail) from exc
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
