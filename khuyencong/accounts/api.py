from rest_framework import serializers, viewsets

from khuyencong.accounts import selectors
from khuyencong.accounts.filters import OrganisationFilter
from khuyencong.accounts.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    province_code = serializers.CharField(source="province.code", read_only=True, default=None)
    province_name = serializers.CharField(source="province.name", read_only=True, default=None)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "province",
            "province_code",
            "province_name",
            "commune",
            "address",
            "phone",
            "email",
            "is_active",
            "version",
        ]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations within the caller's scope (the same filters as the list page)."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)
