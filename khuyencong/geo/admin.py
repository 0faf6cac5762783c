"""Admin for the administrative units. Names and kinds are editable (each edit goes to the change
log through TrackedModel); codes are read-only once a unit exists."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.core.text import fold
from khuyencong.geo.models import (
    LAST_DAY_BEFORE_REFORM,
    AreaClass,
    AreaClassTag,
    Commune,
    CommuneSuccession,
    District,
    Province,
    ProvinceSuccession,
)


class EraFilter(admin.SimpleListFilter):
    title = _("era")
    parameter_name = "era"

    def lookups(self, request, model_admin):
        return [("current", _("Current")), ("before_reform", _("Before 1/7/2025"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "before_reform":
            return queryset.filter(valid_to=LAST_DAY_BEFORE_REFORM)
        return queryset


class UnitAdmin(admin.ModelAdmin):
    """Search by code, by name as written, or by name without diacritics ("thai binh")."""

    search_fields = ["code", "name"]
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        folded = fold(search_term)
        if folded:
            results = results | queryset.filter(
                Q(name_folded__contains=folded) | Q(code=search_term.strip())
            )
        return results, may_have_duplicates


class ProvinceSuccessionInline(admin.TabularInline):
    model = ProvinceSuccession
    fk_name = "old"
    autocomplete_fields = ["new"]
    extra = 0
    max_num = 1


class CommuneSuccessionInline(admin.TabularInline):
    model = CommuneSuccession
    fk_name = "old"
    autocomplete_fields = ["new"]
    extra = 0
    verbose_name = _("successor")
    verbose_name_plural = _("successors (communes since 1/7/2025)")


@admin.register(Province)
class ProvinceAdmin(UnitAdmin):
    list_display = ["code", "name", "kind", "valid_from", "valid_to"]
    list_filter = ["kind", EraFilter]
    inlines = [ProvinceSuccessionInline]


@admin.register(District)
class DistrictAdmin(UnitAdmin):
    list_display = ["code", "name", "kind", "province", "valid_to"]
    list_filter = ["kind", ("province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]


@admin.register(Commune)
class CommuneAdmin(UnitAdmin):
    list_display = ["code", "name", "kind", "district", "province", "valid_from", "valid_to"]
    list_filter = ["kind", EraFilter, ("province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["province", "district"]
    autocomplete_fields = ["province", "district"]
    inlines = [CommuneSuccessionInline]


@admin.register(ProvinceSuccession)
class ProvinceSuccessionAdmin(admin.ModelAdmin):
    list_display = ["old", "new"]
    list_select_related = ["old", "new"]
    search_fields = ["old__name", "old__name_folded", "new__name", "new__name_folded"]
    autocomplete_fields = ["old", "new"]


@admin.register(CommuneSuccession)
class CommuneSuccessionAdmin(admin.ModelAdmin):
    list_display = ["old", "old_province", "new", "is_default"]
    list_filter = ["is_default"]
    list_select_related = ["old__province", "new"]
    search_fields = ["old__code", "old__name", "old__name_folded", "new__code", "new__name"]
    autocomplete_fields = ["old", "new"]

    @admin.display(description=_("old province"), ordering="old__province__name")
    def old_province(self, obj: CommuneSuccession) -> Province:
        return obj.old.province


@admin.register(AreaClass)
class AreaClassAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()


@admin.register(AreaClassTag)
class AreaClassTagAdmin(admin.ModelAdmin):
    list_display = ["area_class", "province", "commune", "valid_from", "valid_to", "legal_document"]
    list_filter = ["area_class", ("province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["area_class", "province", "commune"]
    search_fields = ["commune__name", "commune__name_folded", "province__name", "legal_document"]
    autocomplete_fields = ["area_class", "province", "commune"]
    date_hierarchy = "valid_from"
