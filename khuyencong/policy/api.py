"""Read-only API of the reference data projects and reports use: the indicator catalogue."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from khuyencong.policy.models import Indicator


class IndicatorSerializer(serializers.ModelSerializer):
    part_of = serializers.SlugRelatedField(slug_field="code", read_only=True)
    activity_contents = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "unit",
            "group",
            "order",
            "part_of",
            "aggregation",
            "is_active",
            "activity_contents",
        ]

    def get_activity_contents(self, indicator: Indicator) -> list[str]:
        return [
            f"{content.legal_basis.code}:{content.code}"
            for content in indicator.activity_contents.all()
        ]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicators projects plan and report (with their disaggregations: `part_of`)."""

    serializer_class = IndicatorSerializer
    filterset_fields = ["group", "is_active"]

    def get_queryset(self):
        return (
            Indicator.objects.select_related("part_of")
            .prefetch_related("activity_contents__legal_basis")
            .order_by("order", "code")
        )
