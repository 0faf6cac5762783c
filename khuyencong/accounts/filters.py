import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Organisation
from khuyencong.core.text import fold
from khuyencong.geo.models import Province


class OrganisationFilter(django_filters.FilterSet):
    """Serves the organisation list page and the API alike."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organisation.Kind.choices)
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Province.objects.current().order_by("name")
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Organisation
        fields = ["q", "kind", "province", "is_active"]

    def search(self, queryset, name, value):
        key = fold(value)
        return queryset.filter(Q(name_folded__contains=key) | Q(short_name__icontains=value))
