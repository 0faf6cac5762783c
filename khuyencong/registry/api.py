"""REST API of the registry. Reads go through the selectors (the caller's scope), writes through
the services; an update names the `version` it was based on (409 when someone saved since)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException

from khuyencong.core.concurrency import StaleVersionError
from khuyencong.registry import selectors, services
from khuyencong.registry.filters import (
    ArtisanFilter,
    CollaboratorFilter,
    CraftVillageFilter,
    EstablishmentFilter,
)
from khuyencong.registry.models import (
    Artisan,
    Collaborator,
    CollaboratorTraining,
    CraftVillage,
    Establishment,
    EstablishmentRevenue,
    Gender,
)


class VersionConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = StaleVersionError.message
    default_code = "version_conflict"


class ProbableDuplicate(APIException):
    """400 with the field errors and `duplicates`: [{id, name, url}] of the candidates."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "probable_duplicate"

    def __init__(self, error: services.ProbableDuplicateError):
        super().__init__(_detail(error))
        self.detail = {
            **self.detail,
            "duplicates": [
                {"id": e.pk, "name": e.name, "url": e.get_absolute_url()} for e in error.candidates
            ],
        }


def _detail(error: DjangoValidationError) -> Any:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"non_field_errors": error.messages}


class ServiceWritesMixin:
    """Create and update through the app's services, turning their errors into API errors."""

    create_service: Any = None
    update_service: Any = None
    instance_argument = ""
    extra_arguments: tuple[str, ...] = ()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "action": self.action}

    def filter_queryset(self, queryset):
        # The list's filters (e.g. merged records hidden) do not apply to one named row.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def _call(self, function, **arguments):
        try:
            return function(**arguments)
        except StaleVersionError as exc:
            raise VersionConflict(str(exc)) from exc
        except services.ProbableDuplicateError as exc:
            raise ProbableDuplicate(exc) from exc
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_detail(exc)) from exc

    def _values(self, data: dict) -> dict:
        data = dict(data)
        data.pop("version", None)
        return data

    def perform_create(self, serializer):
        serializer.instance = self._call(
            type(self).create_service,
            by=self.request.user,
            **self._values(serializer.validated_data),
        )

    def perform_update(self, serializer):
        version = serializer.validated_data.get("version")
        if version is None:
            raise serializers.ValidationError(
                {"version": [_("Give the version of the record you are changing.")]}
            )
        serializer.instance = self._call(
            type(self).update_service,
            by=self.request.user,
            expected_version=version,
            **{self.instance_argument: serializer.instance},
            **self._values(serializer.validated_data),
        )


@extend_schema_field({"type": "string", "pattern": "^(male|female)?$"})
class GenderField(serializers.ChoiceField):
    """male / female / empty (one schema for every gender field of the API)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Gender.choices, allow_blank=True, required=False, **kwargs)


class VersionField(serializers.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("On update: the version you read; refused (409) if it changed since.")
        )
        super().__init__(**kwargs)


# --- establishments ---------------------------------------------------------------------------


class RevenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = EstablishmentRevenue
        fields = ["year", "amount"]
        validators: list = []


class EstablishmentSerializer(serializers.ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True)
    representative_gender = GenderField()
    revenues = RevenueSerializer(many=True, required=False)
    version = VersionField()
    confirm_not_duplicate = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Save even though an establishment with a similar name is in the commune."),
    )

    class Meta:
        model = Establishment
        fields = [
            "id",
            "name",
            "kind",
            "tax_code",
            "business_registration_no",
            "address",
            "commune",
            "province",
            "province_name",
            "commune_then",
            "district_then",
            "province_then",
            "craft_village",
            "sector",
            "main_products",
            "representative",
            "representative_gender",
            "ethnicity",
            "women_owned",
            "ethnic_minority",
            "workers",
            "women_workers",
            "phone",
            "email",
            "status",
            "stopped_on",
            "merged_into",
            "revenues",
            "version",
            "confirm_not_duplicate",
        ]
        read_only_fields = ["province", "women_owned", "ethnic_minority", "merged_into"]
        extra_kwargs = {"tax_code": {"validators": []}}
        validators: list = []


# The model fields the establishment list returns (the serializer's, less the computed ones).
LIST_COLUMNS = [
    name
    for name in EstablishmentSerializer.Meta.fields
    if name not in {"id", "province_name", "revenues", "confirm_not_duplicate"}
]


class EstablishmentViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Establishments within the caller's scope (the same filters as the list page; merged
    records are hidden unless `merged=include` or `merged=only`)."""

    serializer_class = EstablishmentSerializer
    filterset_class = EstablishmentFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = staticmethod(services.establishment_create)
    update_service = staticmethod(services.establishment_update)
    instance_argument = "establishment"

    def get_queryset(self):
        rows = selectors.establishment_list(
            user=self.request.user, sort=self.request.query_params.get("sort", "")
        )
        if self.action == "list":
            # Read, never saved: the columns the list returns (no change-log snapshot of each
            # row), and no joins but the province, whose name it shows.
            return (
                rows.select_related(None)
                .select_related("province")
                .only(*LIST_COLUMNS, "province__name")
                .prefetch_related(
                    Prefetch(
                        "revenues",
                        queryset=EstablishmentRevenue.objects.only(
                            "establishment", "year", "amount"
                        ),
                    )
                )
            )
        return rows.prefetch_related("revenues")

    def _values(self, data: dict) -> dict:
        data = super()._values(data)
        if "revenues" in data:
            data["revenues"] = {row["year"]: row["amount"] for row in data["revenues"]}
        return data


# --- craft villages ---------------------------------------------------------------------------


class CraftVillageSerializer(serializers.ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True)
    version = VersionField()

    class Meta:
        model = CraftVillage
        fields = [
            "id",
            "name",
            "commune",
            "province",
            "province_name",
            "trade",
            "year_recognised",
            "decision_number",
            "decision_date",
            "households",
            "workers",
            "note",
            "version",
        ]
        read_only_fields = ["province"]
        validators: list = []


class CraftVillageViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Craft villages within the caller's scope."""

    serializer_class = CraftVillageSerializer
    filterset_class = CraftVillageFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = staticmethod(services.craft_village_create)
    update_service = staticmethod(services.craft_village_update)
    instance_argument = "craft_village"

    def get_queryset(self):
        return selectors.craft_village_list(
            user=self.request.user, sort=self.request.query_params.get("sort", "")
        )


# --- artisans ---------------------------------------------------------------------------------


class ArtisanSerializer(serializers.ModelSerializer):
    gender = GenderField()
    province_name = serializers.CharField(source="province.name", read_only=True)
    version = VersionField()

    class Meta:
        model = Artisan
        fields = [
            "id",
            "full_name",
            "gender",
            "birth_year",
            "title",
            "year_awarded",
            "trade",
            "establishment",
            "craft_village",
            "province",
            "province_name",
            "version",
        ]
        read_only_fields = ["province"]
        validators: list = []


class ArtisanViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Artisans within the caller's scope."""

    serializer_class = ArtisanSerializer
    filterset_class = ArtisanFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = staticmethod(services.artisan_create)
    update_service = staticmethod(services.artisan_update)
    instance_argument = "artisan"

    def get_queryset(self):
        return selectors.artisan_list(
            user=self.request.user, sort=self.request.query_params.get("sort", "")
        )


# --- collaborators ----------------------------------------------------------------------------


class TrainingSerializer(serializers.ModelSerializer):
    class Meta:
        model = CollaboratorTraining
        fields = ["date", "course", "organiser"]


class CollaboratorSerializer(serializers.ModelSerializer):
    gender = GenderField()
    province_name = serializers.CharField(source="province.name", read_only=True)
    trainings = TrainingSerializer(many=True, required=False)
    version = VersionField()

    class Meta:
        model = Collaborator
        fields = [
            "id",
            "full_name",
            "gender",
            "organisation",
            "user",
            "province",
            "province_name",
            "communes",
            "phone",
            "email",
            "active_from",
            "active_to",
            "trainings",
            "version",
        ]
        extra_kwargs = {"user": {"validators": []}}
        validators: list = []


class CollaboratorViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Extension collaborators within the caller's scope."""

    serializer_class = CollaboratorSerializer
    filterset_class = CollaboratorFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = staticmethod(services.collaborator_create)
    update_service = staticmethod(services.collaborator_update)
    instance_argument = "collaborator"

    def get_queryset(self):
        rows = selectors.collaborator_list(
            user=self.request.user, sort=self.request.query_params.get("sort", "")
        )
        return rows.prefetch_related("communes", "trainings")
