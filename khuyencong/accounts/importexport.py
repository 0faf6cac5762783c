"""Organisations in and out of Excel/CSV through the shared framework."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from khuyencong.accounts import services
from khuyencong.accounts.filters import OrganisationFilter
from khuyencong.accounts.models import Organisation
from khuyencong.core.importexport.columns import BooleanColumn, ChoiceColumn, TextColumn
from khuyencong.core.importexport.places import commune_column, province_column
from khuyencong.core.importexport.spec import ImportSpec


class OrganisationSpec(ImportSpec):
    slug = "organisations"
    model = Organisation
    title = _("Organisations")
    list_url_name = "accounts:organisation_list"
    filterset_class = OrganisationFilter
    columns = [
        TextColumn(
            "name",
            _("Name"),
            required=True,
            help=_("Full name."),
            example="Trung tâm Khuyến công tỉnh Hưng Yên",
        ),
        TextColumn("short_name", _("Short name"), max_length=60, example="TTKC"),
        ChoiceColumn(
            "kind",
            _("Kind"),
            required=True,
            choices=Organisation.Kind.choices,
            help=_("One of the kinds listed in the system."),
            example="Trung tâm Khuyến công cấp tỉnh",
        ),
        province_column(help=_("Today's province or city; empty for a national body.")),
        commune_column(),
        TextColumn("address", _("Address")),
        TextColumn("phone", _("Phone"), max_length=40),
        TextColumn("email", _("E-mail"), max_length=254),
        BooleanColumn("is_active", _("Active"), help=_("Có or Không."), example="Có"),
    ]

    def may_import(self, user: Any) -> bool:
        return user.is_authenticated and services.may_manage_organisations(user)

    def base_queryset(self):
        return Organisation.objects.select_related("province", "commune")

    def _fields(self, values: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in values.items() if k != "id"}

    def create(self, *, values, user):
        return services.organisation_create(by=user, **self._fields(values))

    def update(self, *, instance, values, user):
        return services.organisation_update(
            organisation=instance,
            by=user,
            expected_version=instance.version,
            **self._fields(values),
        )
