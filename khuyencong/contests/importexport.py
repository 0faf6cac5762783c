"""The entries of typical-product rounds in and out of Excel/CSV (slug `contest-entries`), on the
shared import/export framework.

One row per entry: the round (its system ID or exact title, among the rounds you organise), the
establishment (tax code or exact name, in your area of work), the product, its group, the
"mass producible" declaration and, for regional and national rounds, the certificate of the
level below (a number of this system, or an external number, date and level). A row registers
the entry through `services.entry_create`, or changes it through `services.entry_update`; the
services' eligibility checks apply row by row and their messages are shown on the row. The whole
file is saved or nothing.

Export: `/system/export/contest-entries/?round=<id>` (a round outside your reach is "not found");
the file re-imports with every row unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.roles import NATIONAL_ROLES, PROVINCIAL_ROLES, Role
from khuyencong.contests import selectors, services
from khuyencong.contests.models import Certificate, Entry, Level, ProductGroup, Round
from khuyencong.contests.services.entries import ENTRY_FIELDS
from khuyencong.core.actor import current_actor
from khuyencong.core.importexport.columns import (
    BooleanColumn,
    CellError,
    ChoiceColumn,
    Column,
    DateColumn,
    LookupColumn,
    TextColumn,
)
from khuyencong.core.importexport.spec import ImportSpec
from khuyencong.core.scope import restrict
from khuyencong.core.text import fold
from khuyencong.registry.models import Establishment

IMPORTERS = NATIONAL_ROLES | PROVINCIAL_ROLES


def _user() -> Any:
    actor = current_actor()
    return actor.user if actor is not None else None


def managed_rounds(user) -> Any:
    return Round.objects.filter(selectors.managed_q(user))


def find_round(text: str, row: dict[str, Any]) -> Round | None:
    """A round the importer organises, by system ID or exact title (case, spaces and diacritics
    aside). Several rounds with that title: ask for the ID."""
    rounds = managed_rounds(_user())
    if re.fullmatch(r"\d+", text):
        found = rounds.filter(pk=int(text)).first()
        if found is not None:
            return found
    key = fold(text)
    matches = [pk for pk, title in rounds.values_list("pk", "title") if fold(title) == key]
    if len(matches) > 1:
        raise CellError(
            _("Several rounds are called “%(value)s”: write the round's system ID instead.")
            % {"value": text}
        )
    return rounds.get(pk=matches[0]) if matches else None


def find_establishment(text: str, row: dict[str, Any]) -> Establishment | None:
    """An establishment of the importer's area of work, by tax code or exact name."""
    rows = list(
        restrict(Establishment.objects.all(), _user()).filter(
            Q(tax_code=text) | Q(name_folded=fold(text))
        )[:20]
    )
    if len(rows) > 1:
        rows = [e for e in rows if e.tax_code == text] or [
            e for e in rows if e.merged_into_id is None
        ]
    if len(rows) > 1:
        raise CellError(
            _("Several establishments are called “%(value)s”: write the tax code.")
            % {"value": text}
        )
    return rows[0] if rows else None


def find_certificate(text: str, row: dict[str, Any]) -> Certificate | None:
    """A certificate of this system by its number (that of the row's establishment first)."""
    rows = list(restrict(Certificate.objects.all(), _user()).filter(number__iexact=text)[:20])
    establishment = row.get("establishment")
    if len(rows) > 1 and establishment is not None:
        rows = [c for c in rows if c.establishment_id == establishment.pk] or rows
    if len(rows) > 1:
        raise CellError(_("Several certificates have the number “%(value)s”.") % {"value": text})
    return rows[0] if rows else None


@dataclass
class RoundColumn(LookupColumn):
    """Written as the round's title, or as its system ID when another round has the same title
    (so that the file always reads back the same)."""

    def export(self, obj: Any) -> str:
        shared = getattr(obj, "title_count", None)
        if shared is None:
            shared = Round.objects.filter(title=obj.round.title).count()
        return obj.round.title if shared <= 1 else str(obj.round_id)


@dataclass
class ParagraphColumn(TextColumn):
    """Text that keeps its line breaks (spaces inside a line are tidied)."""

    def parse(self, raw: Any, row: dict[str, Any]) -> str:
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in str(raw).splitlines()]
        text = "\n".join(lines).strip()
        if len(text) > self.max_length:
            raise CellError(_("At most %(n)d characters.") % {"n": self.max_length})
        return text

    def normalise(self, value: Any) -> Any:
        return "\n".join(line.strip() for line in str(value or "").splitlines()).strip()


@dataclass
class InformationColumn(TextColumn):
    """Written by the export for the reader; not read back (changing it changes nothing)."""

    def read(self, raw: Any, row: dict[str, Any]) -> Any:
        return None


def _establishment_display(establishment: Establishment) -> str:
    return establishment.tax_code or establishment.name


def _columns() -> list[Column]:
    reading_only = gettext_lazy("For reading only: written by the export, not read back.")
    return [
        RoundColumn(
            "round",
            gettext_lazy("Round"),
            required=True,
            aliases=("Đợt bình chọn", "Round ID"),
            find=find_round,
            not_found=gettext_lazy(
                "No round with the system ID or title “%(value)s” among the rounds you organise."
            ),
            help=gettext_lazy(
                "The round's system ID (shown on the round's page) or its exact title."
            ),
            example="3",
        ),
        LookupColumn(
            "establishment",
            gettext_lazy("Establishment"),
            required=True,
            aliases=("Cơ sở", "Mã số thuế"),
            find=find_establishment,
            display=_establishment_display,
            not_found=gettext_lazy(
                "No establishment with the tax code or name “%(value)s” in your area of work."
            ),
            help=gettext_lazy("The establishment's tax code, or its exact name."),
            example="0900123456",
        ),
        TextColumn(
            "product_name",
            gettext_lazy("Product name"),
            required=True,
            aliases=("Tên sản phẩm",),
            help=gettext_lazy("The name of the product entered."),
            example="Tranh thêu tay phong cảnh",
        ),
        ChoiceColumn(
            "group",
            gettext_lazy("Product group"),
            required=True,
            aliases=("Nhóm sản phẩm",),
            choices=ProductGroup.choices,
            help=gettext_lazy("One of the four product groups of the circular."),
            example=str(ProductGroup.HANDICRAFT.label),
        ),
        ParagraphColumn(
            "description",
            gettext_lazy("Description"),
            max_length=5000,
            aliases=("Mô tả",),
            help=gettext_lazy("What the product is, its materials and how it is made."),
        ),
        BooleanColumn(
            "mass_producible",
            gettext_lazy("Mass producible, not a one-off"),
            aliases=("Sản xuất hàng loạt",),
            help=gettext_lazy("Yes: the establishment declares it (required to enter)."),
            example="Có",
        ),
        LookupColumn(
            "lower_certificate",
            gettext_lazy("Certificate of the level below"),
            aliases=("Giấy chứng nhận cấp dưới",),
            find=find_certificate,
            display=lambda certificate: certificate.number,
            not_found=gettext_lazy("No certificate numbered “%(value)s” in your area of work."),
            help=gettext_lazy(
                "Regional and national rounds: the number of the product's certificate issued "
                "in this system; otherwise leave empty and fill the three external columns."
            ),
        ),
        TextColumn(
            "external_certificate_number",
            gettext_lazy("External certificate number"),
            max_length=60,
            help=gettext_lazy("A certificate issued outside this system: its number."),
        ),
        DateColumn(
            "external_certificate_date",
            gettext_lazy("External certificate date"),
            help=gettext_lazy("Its date, dd/mm/yyyy."),
        ),
        ChoiceColumn(
            "external_certificate_level",
            gettext_lazy("External certificate level"),
            choices=Level.choices,
            help=gettext_lazy("Its level: the level just below the round's."),
        ),
        InformationColumn(
            "establishment_name",
            gettext_lazy("Establishment name"),
            source=lambda entry: entry.establishment.name,
            help=reading_only,
        ),
        InformationColumn(
            "average_score",
            gettext_lazy("Average score"),
            source=lambda entry: (
                str(entry.average_score)
                if entry.round.status == "closed" and entry.average_score is not None
                else ""
            ),
            help=reading_only,
        ),
    ]


DATA_FIELDS = ("round", "establishment", *ENTRY_FIELDS)


def _on_columns(error: Exception) -> ValidationError:
    """A refusal of the services, on the column it is about; refusals of the round as a whole
    (registration closed, not yours) on the round."""
    if isinstance(error, PermissionDenied):
        return ValidationError({"round": [str(error) or _("You may not do this.")]})
    assert isinstance(error, ValidationError)
    if hasattr(error, "error_dict"):
        return error
    return ValidationError({"round": error.messages})


class EntrySpec(ImportSpec):
    slug = "contest-entries"
    model = Entry
    title = gettext_lazy("Entries of typical-product rounds")
    keys = ("id",)
    list_url_name = "contests:round_list"

    def __init__(self) -> None:
        self.columns = _columns()

    def may_import(self, user: Any) -> bool:
        role = Role.ADMIN if user.is_superuser else getattr(user, "role", None)
        return user.is_authenticated and user.is_active and role in IMPORTERS

    def base_queryset(self):
        return Entry.objects.select_related("round", "establishment", "lower_certificate").annotate(
            title_count=Subquery(
                Round.objects.filter(title=OuterRef("round__title"))
                .order_by()
                .values("title")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            )
        )

    def export_queryset(self, request: HttpRequest):
        """The entries of the round named by `?round=` (404 outside your reach), else of every
        round you may see, as on the pages (a juror: the entries assigned to them)."""
        visible = selectors.entry_list(user=request.user).values("pk")
        rows = self.base_queryset().filter(pk__in=visible)
        round_id = request.GET.get("round", "").strip()
        if round_id:
            rows = rows.filter(round=selectors.round_get(user=request.user, pk=round_id))
        return rows.order_by("round__year", "round_id", "pk")

    # --- finding and comparing a row ----------------------------------------------------------

    def find_existing(self, values: dict[str, Any], user: Any) -> Entry | None:
        editable = Entry.objects.filter(selectors.managed_q(user, "round__")).select_related(
            "round", "establishment"
        )
        if values.get("id"):
            entry = editable.filter(pk=values["id"]).first()
            if entry is None:
                raise LookupError(_("No row with this system ID in your area of work."))
            errors = {}
            if entry.round_id != values["round"].pk:
                errors["round"] = _("The row with this system ID is of the round “%(round)s”.") % {
                    "round": entry.round.title
                }
            if entry.establishment_id != values["establishment"].pk:
                errors["establishment"] = _(
                    "The row with this system ID is an entry of “%(name)s”."
                ) % {"name": entry.establishment.name}
            if errors:
                raise ValidationError(errors)
            return entry
        # Without an ID: the same product of the same establishment in the round.
        same = editable.filter(round=values["round"], establishment=values["establishment"])
        key = fold(values.get("product_name") or "")
        return next((e for e in same if fold(e.product_name) == key), None)

    def is_unchanged(self, instance: Entry, values: dict[str, Any]) -> bool:
        return all(
            column.normalise(column.value_of(instance)) == column.normalise(values[column.name])
            for column in self.columns
            if column.name in values and column.name in DATA_FIELDS
        )

    # --- writing ------------------------------------------------------------------------------

    @staticmethod
    def _entry_values(values: dict[str, Any]) -> dict[str, Any]:
        return {k: values[k] for k in ENTRY_FIELDS if k in values}

    def create(self, *, values: dict[str, Any], user: Any) -> Entry:
        try:
            return services.entry_create(
                round_=values["round"],
                by=user,
                establishment=values["establishment"],
                **self._entry_values(values),
            )
        except (ValidationError, PermissionDenied) as error:
            raise _on_columns(error) from error

    def update(self, *, instance: Entry, values: dict[str, Any], user: Any) -> Entry:
        try:
            return services.entry_update(
                entry=instance,
                by=user,
                expected_version=instance.version,
                **self._entry_values(values),
            )
        except (ValidationError, PermissionDenied) as error:
            raise _on_columns(error) from error


SPECS = (EntrySpec,)
