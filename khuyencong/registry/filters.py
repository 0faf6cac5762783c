"""One FilterSet per model, serving the list page and the API alike."""

from __future__ import annotations

import functools

import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from khuyencong.core.forms import BootstrapFormMixin, RemoteSelect
from khuyencong.core.scope import restrict
from khuyencong.geo.models import Commune, Province
from khuyencong.policy.models import EstablishmentKind
from khuyencong.registry.models import (
    Artisan,
    Collaborator,
    CraftVillage,
    Establishment,
    Gender,
    Sector,
)
from khuyencong.registry.selectors import search_q

# Project statuses in which an establishment counts as having received support.
SUPPORTED_STATUSES = (
    "approved",
    "in_progress",
    "amendment_requested",
    "suspended",
    "accepted",
    "settled",
    "closed",
)
YES_NO = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


def _attrs(attrs: dict) -> str:
    """The attributes as Django's `attrs.html` writes them (each escaped by format_html)."""
    return mark_safe(
        "".join(
            ""
            if value is False
            else format_html(" {}", name)
            if value is True
            else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
        )
    )


class FastSelect(forms.Select):
    """A select written in Python: the same HTML as Django's templates, without one template
    rendering per option (a list's filters have a few hundred options: ~25 ms a page)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>',
                        str(option["value"]),
                        _attrs(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every part is escaped by format_html


class _PlainIterator(ModelChoiceIterator):
    """The choices read with one plain query: Django's iterator() opens a server-side cursor on
    PostgreSQL (DECLARE … WITH HOLD, several ms each) for a few dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


@functools.cache
def _plain(iterator: type[ModelChoiceIterator]) -> type[ModelChoiceIterator]:
    """`iterator` (e.g. django-filter's, which adds the "null" choice) reading plainly."""
    if iterator is ModelChoiceIterator:
        return _PlainIterator
    return type(f"Plain{iterator.__name__}", (iterator, _PlainIterator), {})


class FilterForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and issubclass(
                field.iterator, ModelChoiceIterator
            ):
                field.iterator = _plain(field.iterator)
                field.widget.choices = field.choices
            if type(field.widget) is forms.Select:
                fast = FastSelect(attrs=field.widget.attrs)
                fast.choices = field.widget.choices
                fast.is_required = field.widget.is_required
                field.widget = fast


def _villages(request):
    """The villages offered in the filter: those in the user's scope. Without a request (an
    export built from the query string) any village is accepted: the rows are scoped anyway."""
    user = getattr(request, "user", None)
    return restrict(CraftVillage.objects.all(), user) if user else CraftVillage.objects.all()


class ScopedFilterSet(django_filters.FilterSet):
    """Drops the province filter for users who only see one province, and points the commune
    search at their province."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated and not user.is_national:
            self.filters.pop("province", None)
            commune = self.filters.get("commune")
            if commune is not None and user.province_id:
                commune.extra["widget"] = RemoteSelect(
                    f"{reverse('geo:commune_search')}?province={user.province_id}"
                )

    def search(self, queryset, name, value):
        return queryset.filter(search_q("name_folded", value))


def _province_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.current().order_by("name_folded"),
        empty_label=_("All"),
        widget=forms.Select(attrs={"data-search": ""}),
    )


def _commune_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Commune"),
        queryset=Commune.objects.current(),
        empty_label=_("All"),
        widget=RemoteSelect(reverse_lazy("geo:commune_search")),
    )


class EstablishmentFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search_establishment")
    province = _province_filter()
    commune = _commune_filter()
    kind = django_filters.ModelChoiceFilter(
        label=_("Kind"), queryset=EstablishmentKind.objects.all(), empty_label=_("All")
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Sector.choices, empty_label=_("All")
    )
    craft_village = django_filters.ModelChoiceFilter(
        label=_("Craft village"),
        queryset=_villages,
        empty_label=_("All"),
        widget=forms.Select(attrs={"data-search": ""}),
    )
    women_owned = django_filters.BooleanFilter(
        label=_("Women-owned"), widget=forms.Select(choices=YES_NO)
    )
    ethnic_minority = django_filters.BooleanFilter(
        label=_("Ethnic minority"), widget=forms.Select(choices=YES_NO)
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Establishment.Status.choices, empty_label=_("All")
    )
    has_support = django_filters.BooleanFilter(
        label=_("Has received support"),
        method="filter_has_support",
        widget=forms.Select(choices=YES_NO),
    )
    merged = django_filters.ChoiceFilter(
        label=_("Merged records"),
        choices=[("include", _("Shown")), ("only", _("Only merged records"))],
        empty_label=_("Hidden"),
        method="filter_merged",
    )

    class Meta:
        model = Establishment
        form = FilterForm
        fields = [
            "q",
            "province",
            "commune",
            "kind",
            "sector",
            "craft_village",
            "women_owned",
            "ethnic_minority",
            "status",
            "has_support",
            "merged",
        ]

    def search_establishment(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            search_q("name_folded", value)
            | Q(tax_code__startswith=value)
            | Q(business_registration_no__iexact=value)
        )

    def filter_has_support(self, queryset, name, value):
        """Beneficiary of a project that was approved and not cancelled (projects' relation,
        read by name so that the registry does not import the projects app)."""
        ids = Establishment.objects.filter(
            projects__approved_on__isnull=False, projects__status__in=SUPPORTED_STATUSES
        ).values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)

    def filter_merged(self, queryset, name, value):
        if value == "only":
            return queryset.filter(merged_into__isnull=False)
        return queryset  # "include"

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("merged"):
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset


class CraftVillageFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    province = _province_filter()
    commune = _commune_filter()
    trade = django_filters.CharFilter(label=_("Trade"), lookup_expr="icontains")

    class Meta:
        model = CraftVillage
        form = FilterForm
        fields = ["q", "province", "commune", "trade"]


class ArtisanFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    province = _province_filter()
    title = django_filters.ChoiceFilter(
        label=_("Title"), choices=Artisan.Title.choices, empty_label=_("All")
    )
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=Gender.choices, empty_label=_("All")
    )
    craft_village = django_filters.ModelChoiceFilter(
        label=_("Craft village"),
        queryset=_villages,
        empty_label=_("All"),
        widget=forms.Select(attrs={"data-search": ""}),
    )

    class Meta:
        model = Artisan
        form = FilterForm
        fields = ["q", "province", "title", "gender", "craft_village"]


class CollaboratorFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    province = _province_filter()
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune covered"),
        field_name="communes",
        queryset=Commune.objects.current(),
        empty_label=_("All"),
        widget=RemoteSelect(reverse_lazy("geo:commune_search")),
    )
    active = django_filters.BooleanFilter(
        label=_("Active today"), method="filter_active", widget=forms.Select(choices=YES_NO)
    )

    class Meta:
        model = Collaborator
        form = FilterForm
        fields = ["q", "province", "commune", "active"]

    def filter_active(self, queryset, name, value):
        from django.utils import timezone

        active = Collaborator.objects.active_on(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=active) if value else queryset.exclude(pk__in=active)
