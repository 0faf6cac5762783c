"""The plan filters, serving the list page (and the API and the export alike)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from khuyencong.plans.models import Plan, PlanStatus
from khuyencong.policy.models import Programme
from khuyencong.registry.filters import FilterForm, ScopedFilterSet, _province_filter


class PlanFilter(ScopedFilterSet):
    """Province (only for users who see more than one), year, programme kind and status."""

    province = _province_filter()
    year = django_filters.NumberFilter(label=_("Year"))
    kind = django_filters.ChoiceFilter(
        label=_("Programme"), choices=Programme.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PlanStatus.choices, empty_label=_("All")
    )

    class Meta:
        model = Plan
        form = FilterForm
        fields = ["province", "year", "kind", "status"]
