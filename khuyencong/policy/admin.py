from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from khuyencong.core.text import fold
from khuyencong.policy.models import (
    ActivityContent,
    EstablishmentKind,
    FundingSource,
    Indicator,
    LegalBasis,
    SupportRule,
)
from khuyencong.policy.support import describe_cap


class ReferenceDataAdmin(admin.ModelAdmin):
    """Codes are keys (the loader and other apps use them): set once, then read-only.

    Search also matches without diacritics ("khuyen cong" finds "khuyến công").
    """

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "code") if obj is not None else fields

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            results |= queryset.filter(search_key__contains=fold(search_term))
        return results, may_have_duplicates


class ActivityContentInlineForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["code"].disabled = True


class ActivityContentInline(admin.TabularInline):
    model = ActivityContent
    form = ActivityContentInlineForm
    fields = ("code", "order", "name", "effective_from", "effective_to", "is_catch_all")
    extra = 0
    show_change_link = True
    ordering = ("order", "code")


@admin.register(LegalBasis)
class LegalBasisAdmin(ReferenceDataAdmin):
    list_display = (
        "number",
        "kind",
        "title",
        "issuer",
        "signed_on",
        "effective_from",
        "effective_to",
        "is_project_basis",
    )
    list_filter = ("kind", "is_project_basis", "issuer")
    search_fields = ("code", "number", "title", "title_en")
    autocomplete_fields = ("amends", "replaces")
    date_hierarchy = "effective_from"
    inlines = (ActivityContentInline,)
    fields = (
        "code",
        "kind",
        "number",
        "title",
        "title_en",
        "issuer",
        "signed_on",
        ("effective_from", "effective_to"),
        ("amends", "replaces"),
        "is_project_basis",
        "note",
    )


@admin.register(ActivityContent)
class ActivityContentAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "legal_basis", "order", "effective_from", "effective_to")
    list_filter = ("legal_basis", "is_catch_all")
    list_select_related = ("legal_basis",)
    search_fields = ("code", "name", "name_en")
    autocomplete_fields = ("legal_basis",)
    fields = (
        "legal_basis",
        "code",
        "order",
        "name",
        "name_en",
        "description",
        ("effective_from", "effective_to"),
        "is_catch_all",
        "note",
    )

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "legal_basis") if obj is not None else fields


@admin.register(FundingSource)
class FundingSourceAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "name_en", "is_state_budget", "order")
    list_filter = ("is_state_budget",)
    search_fields = ("code", "name", "name_en")
    fields = ("code", "name", "name_en", "is_state_budget", "order")


@admin.register(EstablishmentKind)
class EstablishmentKindAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "short_name", "name_en", "order")
    search_fields = ("code", "name", "short_name", "name_en")
    fields = ("code", "name", "short_name", "name_en", "order")


class ActivityContentsM2MMixin:
    """The content picker lists contents basis by basis (codes start with the decree's number)."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "activity_contents":
            kwargs["queryset"] = ActivityContent.objects.order_by(
                "legal_basis__effective_from", "order", "code"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Indicator)
class IndicatorAdmin(ActivityContentsM2MMixin, ReferenceDataAdmin):
    list_display = ("code", "name", "unit", "group", "order", "is_active")
    list_filter = (
        "group",
        "is_active",
        ("activity_contents__legal_basis", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("code", "name", "name_en", "unit")
    filter_horizontal = ("activity_contents",)
    fields = (
        "code",
        "name",
        "name_en",
        ("unit", "group"),
        ("order", "is_active"),
        "activity_contents",
        "note",
    )


@admin.register(SupportRule)
class SupportRuleAdmin(ActivityContentsM2MMixin, ReferenceDataAdmin):
    list_display = (
        "code",
        "name",
        "programme",
        "province",
        "area_class",
        "cap",
        "legal_basis",
        "effective_from",
        "effective_to",
    )
    list_filter = (
        "programme",
        ("legal_basis", admin.RelatedOnlyFieldListFilter),
        ("province", admin.RelatedOnlyFieldListFilter),
        ("area_class", admin.RelatedOnlyFieldListFilter),
        "unit",
    )
    list_select_related = ("legal_basis", "province", "area_class")
    search_fields = ("code", "name", "name_en")
    autocomplete_fields = ("legal_basis", "province", "area_class")
    filter_horizontal = ("activity_contents",)
    date_hierarchy = "effective_from"
    fields = (
        "code",
        "name",
        "name_en",
        "legal_basis",
        ("programme", "province", "area_class"),
        ("effective_from", "effective_to"),
        ("max_share_percent", "max_amount_vnd", "unit"),
        "activity_contents",
        "note",
    )

    @admin.display(description=_("cap"))
    def cap(self, obj: SupportRule) -> str:
        return describe_cap(obj)
