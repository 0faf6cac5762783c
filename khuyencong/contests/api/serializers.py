"""Serializers of the contests API. They only parse and present; the services decide (scope,
eligibility, timetable, certificates of the level below, versions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khuyencong.accounts.models import Organisation, User
from khuyencong.contests import selectors
from khuyencong.contests.models import (
    Certificate,
    Criterion,
    Entry,
    Level,
    Round,
    RoundStatus,
)
from khuyencong.contests.services.access import nameable_users
from khuyencong.contests.services.rounds import ROUND_FIELDS
from khuyencong.core.scope import restrict
from khuyencong.geo.models import Commune, Province
from khuyencong.policy.models import LegalBasis
from khuyencong.registry.api import VersionField
from khuyencong.registry.models import Establishment


def _user(serializer: serializers.Serializer):
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@extend_schema_field({"type": "string", "enum": ["", *Level.values]})
class CertificateLevelField(serializers.ChoiceField):
    """The level of an external certificate ("" when there is none)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Level.choices, allow_blank=True, **kwargs)


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


# The fields a caller writes on a round; everything is optional in the request so that the
# service reports what is missing with its own messages.
ROUND_WRITABLE = (*ROUND_FIELDS, "jurors")


class RoundDetailSerializer(RoundSerializer):
    """A round with its scoring sheet and jury. Create and update write the fields that are not
    read-only; an update names the `version` it was based on."""

    organiser = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    province = serializers.PrimaryKeyRelatedField(
        queryset=Province.objects.current(), required=False, allow_null=True
    )
    commune = serializers.PrimaryKeyRelatedField(
        queryset=Commune.objects.current(), required=False, allow_null=True
    )
    legal_basis = serializers.SlugRelatedField(
        slug_field="code",
        queryset=LegalBasis.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "Code of the typical-products circular, e.g. tt-38-2025-bct; empty: the one in force."
        ),
    )
    jurors = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        many=True,
        required=False,
        help_text=_(
            "User ids of the jury: active staff of the round's province (commune and provincial "
            "rounds) or of the ministry; users outside your scope are not found."
        ),
    )
    version = VersionField()
    criteria = serializers.SerializerMethodField()

    class Meta(RoundSerializer.Meta):
        fields = [
            *RoundSerializer.Meta.fields,
            "legal_basis",
            "council_members",
            "jurors",
            "criteria",
        ]
        read_only_fields = ["status", "closed_on"]
        extra_kwargs = {
            name: {"required": False}
            for name in ROUND_WRITABLE
            if name not in ("organiser", "province", "commune", "legal_basis", "jurors")
        }
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        user = _user(self)
        if user is not None:
            # An organiser of another province is "not found", not named.
            fields["organiser"].queryset = restrict(Organisation.objects.all(), user)
            # Only users the caller may name: anyone else is "not found", whether the id exists
            # or not (no guessing of user ids across the country). The service decides who may
            # sit on the jury.
            fields["jurors"].child_relation.queryset = nameable_users(user)
        return fields

    @extend_schema_field(CriterionSerializer(many=True))
    def get_criteria(self, round_: Round) -> list[dict]:
        rows = (
            Criterion.objects.filter(group__round=round_)
            .select_related("group")
            .order_by("group__order", "order")
        )
        return CriterionSerializer(rows, many=True).data


class EntrySerializer(serializers.ModelSerializer):
    """An entry. Create names the round and the establishment; an update writes the product's
    description and the certificate of the level below, naming the `version` it read."""

    round = serializers.PrimaryKeyRelatedField(queryset=Round.objects.all())
    establishment = serializers.PrimaryKeyRelatedField(queryset=Establishment.objects.all())
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)
    lower_certificate = serializers.PrimaryKeyRelatedField(
        queryset=Certificate.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "Regional and national rounds: the certificate of the level below (its id), or an "
            "external certificate's number, date and level."
        ),
    )
    external_certificate_level = CertificateLevelField(required=False)
    certificate_number = serializers.SerializerMethodField()
    version = VersionField()

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
            "lower_certificate",
            "external_certificate_number",
            "external_certificate_date",
            "external_certificate_level",
            "previous_entry",
            "average_score",
            "rank",
            "passed",
            "certificate_number",
            "version",
        ]
        read_only_fields = ["previous_entry", "average_score", "rank", "passed"]
        extra_kwargs = {
            "product_name": {"required": False, "allow_blank": True},
            "group": {"required": False},
            "mass_producible": {"required": False},
            "description": {"required": False},
        }
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        user = _user(self)
        if user is not None:
            fields["round"].queryset = Round.objects.filter(
                pk__in=selectors.round_list(user=user).values("pk")
            )
            fields["establishment"].queryset = restrict(Establishment.objects.all(), user)
            fields["lower_certificate"].queryset = restrict(Certificate.objects.all(), user)
        return fields

    def get_certificate_number(self, entry: Entry) -> str | None:
        certificate = getattr(entry, "certificate", None)
        return certificate.number if certificate else None

    def to_representation(self, entry):
        data = super().to_representation(entry)
        if entry.round.status != RoundStatus.CLOSED:
            # Results are published when the round closes.
            data["average_score"] = data["rank"] = data["passed"] = None
        return data


class EntryUpdateSerializer(EntrySerializer):
    """On update the round and the establishment stay as they are."""

    round = serializers.PrimaryKeyRelatedField(read_only=True)
    establishment = serializers.PrimaryKeyRelatedField(read_only=True)


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

    def validate_points(self, points: dict) -> dict[int, object]:
        """Keys are criterion ids: whole numbers (the service checks they are of the sheet)."""
        try:
            return {int(str(key)): value for key, value in points.items()}
        except ValueError as exc:
            raise serializers.ValidationError(
                _("Criteria are named by their id (a whole number).")
            ) from exc
