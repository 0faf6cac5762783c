"""Establishments, craft villages, artisans and collaborators in and out of Excel/CSV."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Organisation
from khuyencong.core.actor import current_actor
from khuyencong.core.importexport.columns import (
    BooleanColumn,
    ChoiceColumn,
    DateColumn,
    IntegerColumn,
    LookupColumn,
    MultiLookupColumn,
    TextColumn,
)
from khuyencong.core.importexport.memo import remembered
from khuyencong.core.importexport.places import commune_column, find_commune, province_column
from khuyencong.core.importexport.spec import ImportSpec
from khuyencong.core.scope import restrict
from khuyencong.core.text import fold
from khuyencong.geo.models import Commune, District, Province
from khuyencong.geo.selectors import UnitIndex
from khuyencong.policy.models import EstablishmentKind
from khuyencong.registry import filters, services
from khuyencong.registry.models import (
    ETHNIC_GROUPS,
    Artisan,
    Collaborator,
    CraftVillage,
    Establishment,
    Gender,
    Sector,
)


def _find_kind(text: str, row: dict[str, Any]) -> EstablishmentKind | None:
    key = fold(text)
    for kind in remembered(("establishment-kinds",), lambda: list(EstablishmentKind.objects.all())):
        if key in {fold(kind.code), fold(kind.name), fold(kind.short_name), fold(kind.name_en)}:
            return kind
    return None


def _units_before_reform() -> UnitIndex:
    """Every province, district and commune before 1/7/2025 (read once per import)."""

    def load() -> UnitIndex:
        return UnitIndex(
            [
                *Province.objects.before_reform(),
                *District.objects.before_reform().select_related("province"),
                *Commune.objects.before_reform().select_related("province", "district"),
            ]
        )

    return remembered(("all-units-before-reform",), load)


def _find_place_then(text: str, row: dict[str, Any]):
    """A unit as it was before 1/7/2025: "Huyện Tiên Lãng, Hải Phòng", "Xã Lật Dương, Tiên Lãng"."""
    index = _units_before_reform()
    first = fold(text.split(",")[0])
    exact = [
        u for u in index.find(text) if first == fold(u.name) or first.endswith(" " + fold(u.name))
    ]
    exact = index.decide(text, exact)  # Đồng Thành, not Đông Thành
    return exact[0] if exact else None


def _place_then(establishment: Establishment):
    return establishment.commune_then or establishment.district_then or establishment.province_then


def _describe_then(unit) -> str:
    parents = []
    if isinstance(unit, Commune) and unit.district_id:
        parents.append(unit.district.full_name)
    if not isinstance(unit, Province):
        parents.append(unit.province.name)
    return ", ".join([unit.full_name, *parents])


def _scoped_lookup(model, user_of_row):
    def find(text: str, row: dict[str, Any]):
        user = user_of_row()
        if user is None:
            return None
        province = row.get("province")

        def lookup():
            rows = restrict(model.objects.all(), user).filter(name_folded=fold(text))
            if province is not None:
                rows = rows.filter(province=province)
            found = list(rows[:2])
            return found[0] if len(found) == 1 else None

        key = (model.__name__, fold(text), getattr(province, "pk", None), user.pk)
        return remembered(key, lookup)

    return find


def _importing_user():
    """The user running the import (the engine parses rows inside `acting_as(user)`)."""
    actor = current_actor()
    return actor.user if actor else None


class _RegistrySpec(ImportSpec):
    def may_import(self, user: Any) -> bool:
        return super().may_import(user) and user.role != "viewer"


class EstablishmentSpec(_RegistrySpec):
    slug = "establishments"
    model = Establishment
    title = _("Establishments")
    keys = ("id", "tax_code")
    list_url_name = "registry:establishment_list"
    filterset_class = filters.EstablishmentFilter

    def __init__(self) -> None:
        village = LookupColumn(
            "craft_village",
            _("Craft village"),
            find=_scoped_lookup(CraftVillage, _importing_user),
            display=lambda v: v.name,
            not_found=_("No craft village called “%(value)s” in the province."),
        )
        self.columns = [
            TextColumn(
                "name", _("Name"), required=True, example="HTX làng nghề chiếu cói Lật Dương"
            ),
            LookupColumn(
                "kind",
                _("Kind"),
                required=True,
                find=_find_kind,
                display=lambda k: k.name,
                not_found=_("“%(value)s” is not a kind of establishment."),
                example="Hợp tác xã",
            ),
            TextColumn(
                "tax_code",
                _("Tax code"),
                max_length=14,
                example="0201234567",
                help=_("10 digits, or 10 digits, a hyphen and 3 digits for a branch."),
            ),
            TextColumn(
                "business_registration_no",
                _("Business registration number"),
                max_length=50,
                help=_("For a household business without a tax code."),
            ),
            TextColumn("address", _("Address")),
            province_column(help=_("Today's province; used to find the commune.")),
            commune_column(),
            LookupColumn(
                "place_then",
                _("Unit before 1/7/2025"),
                find=_find_place_then,
                display=_describe_then,
                source=_place_then,
                example="Huyện Tiên Lãng, Hải Phòng",
                not_found=_("No unit called “%(value)s” before 1/7/2025."),
                help=_("For old records: the commune, district or province as recorded then."),
            ),
            village,
            ChoiceColumn("sector", _("Sector"), choices=Sector.choices),
            TextColumn("main_products", _("Main products"), max_length=2000),
            TextColumn("representative", _("Representative"), max_length=150),
            ChoiceColumn(
                "representative_gender", _("Representative's gender"), choices=Gender.choices
            ),
            ChoiceColumn(
                "ethnicity",
                _("Representative's ethnicity"),
                choices=[(g, g) for g in ETHNIC_GROUPS],
                example="Kinh",
            ),
            IntegerColumn("workers", _("Workers")),
            IntegerColumn("women_workers", _("Women workers")),
            TextColumn("phone", _("Phone"), max_length=40),
            TextColumn("email", _("E-mail"), max_length=254),
            ChoiceColumn(
                "status",
                _("Status"),
                choices=Establishment.Status.choices,
                example="Đang hoạt động",
            ),
            DateColumn("stopped_on", _("Stopped on")),
            BooleanColumn(
                "confirm_not_duplicate",
                _("Confirmed not a duplicate"),
                source=lambda e: False,
                help=_("Write “Có” to save a row that looks like an existing establishment."),
            ),
        ]

    def base_queryset(self):
        return Establishment.objects.select_related(
            "kind",
            "province",
            "commune",
            "craft_village",
            "commune_then__district",
            "commune_then__province",
            "district_then__province",
            "province_then",
        )

    def _service_values(self, values: dict[str, Any]) -> dict[str, Any]:
        fields = {k: v for k, v in values.items() if k not in {"id", "province", "place_then"}}
        if "place_then" in values:
            unit = values["place_then"]
            fields["commune_then"] = unit if isinstance(unit, Commune) else None
            fields["district_then"] = unit if isinstance(unit, District) else None
            fields["province_then"] = unit if isinstance(unit, Province) else None
        if fields.get("workers") is None and "workers" in fields:
            fields["workers"] = 0
        if fields.get("women_workers") is None and "women_workers" in fields:
            fields["women_workers"] = 0
        return fields

    def create(self, *, values, user):
        try:
            return services.establishment_create(by=user, **self._service_values(values))
        except services.ProbableDuplicateError as error:
            raise self._duplicate(error) from error

    def update(self, *, instance, values, user):
        try:
            return services.establishment_update(
                establishment=instance,
                by=user,
                expected_version=instance.version,
                **self._service_values(values),
            )
        except services.ProbableDuplicateError as error:
            raise self._duplicate(error) from error

    @staticmethod
    def _duplicate(error) -> ValidationError:
        names = "; ".join(f"{e.name} (#{e.pk})" for e in error.candidates[:3])
        return ValidationError(
            {
                "confirm_not_duplicate": _(
                    "Looks like an establishment already recorded in this commune: %(names)s. "
                    "If it is a different one, write “Có” in this column."
                )
                % {"names": names}
            }
        )


class CraftVillageSpec(_RegistrySpec):
    slug = "craft-villages"
    model = CraftVillage
    title = _("Craft villages")
    list_url_name = "registry:craft_village_list"
    filterset_class = filters.CraftVillageFilter
    columns = [
        TextColumn("name", _("Name"), required=True, example="Làng nghề chiếu cói Lật Dương"),
        province_column(),
        commune_column(required=True),
        TextColumn("trade", _("Trade"), required=True, max_length=200, example="Dệt chiếu cói"),
        IntegerColumn("year_recognised", _("Year recognised"), minimum=1900, maximum=2100),
        TextColumn("decision_number", _("Recognition decision number"), max_length=60),
        DateColumn("decision_date", _("Recognition decision date")),
        IntegerColumn("households", _("Households")),
        IntegerColumn("workers", _("Workers")),
        TextColumn("note", _("Note"), max_length=4000),
    ]

    def base_queryset(self):
        return CraftVillage.objects.select_related("province", "commune")

    def _values(self, values):
        return {k: v for k, v in values.items() if k not in {"id", "province"}}

    def create(self, *, values, user):
        return services.craft_village_create(by=user, **self._values(values))

    def update(self, *, instance, values, user):
        return services.craft_village_update(
            craft_village=instance,
            by=user,
            expected_version=instance.version,
            **self._values(values),
        )


class ArtisanSpec(_RegistrySpec):
    slug = "artisans"
    model = Artisan
    title = _("Artisans")
    list_url_name = "registry:artisan_list"
    filterset_class = filters.ArtisanFilter

    def __init__(self) -> None:
        def find_establishment(text: str, row: dict[str, Any]):
            rows = restrict(
                Establishment.objects.filter(merged_into__isnull=True), _importing_user()
            )
            found = list(rows.filter(Q(tax_code=text.strip()) | Q(name_folded=fold(text)))[:2])
            return found[0] if len(found) == 1 else None

        self.columns = [
            TextColumn("full_name", _("Full name"), required=True, max_length=150),
            ChoiceColumn("gender", _("Gender"), choices=Gender.choices),
            IntegerColumn("birth_year", _("Birth year"), minimum=1900, maximum=2100),
            ChoiceColumn(
                "title",
                _("Title"),
                required=True,
                choices=Artisan.Title.choices,
                example="Nghệ nhân ưu tú",
            ),
            IntegerColumn("year_awarded", _("Year awarded"), minimum=1900, maximum=2100),
            TextColumn("trade", _("Trade"), required=True, max_length=200),
            LookupColumn(
                "establishment",
                _("Establishment"),
                find=find_establishment,
                display=lambda e: e.tax_code or e.name,
                help=_("Tax code or exact name of the establishment."),
                not_found=_("No single establishment “%(value)s” in your area of work."),
            ),
            LookupColumn(
                "craft_village",
                _("Craft village"),
                find=_scoped_lookup(CraftVillage, _importing_user),
                display=lambda v: v.name,
                not_found=_("No craft village called “%(value)s” in your area of work."),
            ),
        ]

    def base_queryset(self):
        return Artisan.objects.select_related("establishment", "craft_village", "province")

    def create(self, *, values, user):
        return services.artisan_create(by=user, **{k: v for k, v in values.items() if k != "id"})

    def update(self, *, instance, values, user):
        fields = {k: v for k, v in values.items() if k != "id"}
        return services.artisan_update(
            artisan=instance, by=user, expected_version=instance.version, **fields
        )


class CollaboratorSpec(_RegistrySpec):
    slug = "collaborators"
    model = Collaborator
    title = _("Extension collaborators")
    list_url_name = "registry:collaborator_list"
    filterset_class = filters.CollaboratorFilter

    def __init__(self) -> None:
        def find_organisation(text: str, row: dict[str, Any]):
            rows = restrict(Organisation.objects.all(), _importing_user()).filter(
                name_folded=fold(text)
            )
            found = list(rows[:2])
            return found[0] if len(found) == 1 else None

        self.columns = [
            TextColumn("full_name", _("Full name"), required=True, max_length=150),
            ChoiceColumn("gender", _("Gender"), choices=Gender.choices),
            province_column(required=True),
            MultiLookupColumn(
                "communes",
                _("Communes covered"),
                find=find_commune,
                display=lambda c: c.full_name,
                source=lambda c: list(c.communes.all()),
                help=_("Today's communes, separated by “;”."),
                example="Xã Tân Hưng; Phường Phố Hiến",
                not_found=_("No commune or ward called “%(value)s” in the province today."),
            ),
            LookupColumn(
                "organisation",
                _("Organisation"),
                find=find_organisation,
                display=lambda o: o.name,
                not_found=_("No organisation called “%(value)s” in your area of work."),
            ),
            TextColumn("phone", _("Phone"), max_length=40),
            TextColumn("email", _("E-mail"), max_length=254),
            DateColumn("active_from", _("Active from")),
            DateColumn("active_to", _("Active until")),
        ]

    def base_queryset(self):
        return Collaborator.objects.select_related("province", "organisation").prefetch_related(
            "communes"
        )

    def create(self, *, values, user):
        return services.collaborator_create(
            by=user, **{k: v for k, v in values.items() if k != "id"}
        )

    def update(self, *, instance, values, user):
        fields = {k: v for k, v in values.items() if k != "id"}
        return services.collaborator_update(
            collaborator=instance, by=user, expected_version=instance.version, **fields
        )


SPECS = (EstablishmentSpec, CraftVillageSpec, ArtisanSpec, CollaboratorSpec)
