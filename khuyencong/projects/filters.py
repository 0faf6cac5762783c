"""The project filters, serving the list page, the export and the API alike."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import User
from khuyencong.core.forms import RemoteSelect
from khuyencong.core.scope import restrict
from khuyencong.geo.models import Commune
from khuyencong.policy.models import ActivityContent, Programme
from khuyencong.projects.models import RUNNING_STATES, Project, Status
from khuyencong.registry.filters import (
    YES_NO,
    FilterForm,
    ScopedFilterSet,
    _province_filter,
)
from khuyencong.registry.models import Establishment
from khuyencong.registry.selectors import search_q


def _officers(request):
    user = getattr(request, "user", None)
    rows = User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")
    return restrict(rows, user) if user else rows


class ProjectFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search_project")
    province = _province_filter()
    year = django_filters.NumberFilter(label=_("Year"))
    programme = django_filters.ChoiceFilter(
        label=_("Programme"), choices=Programme.choices, empty_label=_("All")
    )
    activity_content = django_filters.ModelChoiceFilter(
        label=_("Activity content"),
        # Only what the option shows (its code and name): no change-log snapshot of each row.
        queryset=ActivityContent.objects.only("id", "code", "name").order_by(
            "-legal_basis__effective_from", "order"
        ),
        empty_label=_("All"),
        widget=forms.Select(attrs={"data-search": ""}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("All")
    )
    officer = django_filters.ModelChoiceFilter(
        label=_("Responsible officer"),
        field_name="officers",
        queryset=_officers,
        empty_label=_("All"),
        widget=forms.Select(attrs={"data-search": ""}),
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        field_name="communes",
        queryset=Commune.objects.current(),
        empty_label=_("All"),
        widget=RemoteSelect(reverse_lazy("geo:commune_search")),
    )
    beneficiary = django_filters.ModelChoiceFilter(
        label=_("Beneficiary"),
        field_name="establishments",
        queryset=Establishment.objects.all(),
        empty_label=_("All"),
        widget=RemoteSelect(reverse_lazy("registry:establishment_search")),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue", widget=forms.Select(choices=YES_NO)
    )

    class Meta:
        model = Project
        form = FilterForm
        fields = [
            "q",
            "province",
            "year",
            "programme",
            "activity_content",
            "status",
            "officer",
            "commune",
            "beneficiary",
            "overdue",
        ]

    def search_project(self, queryset, name, value):
        return queryset.filter(search_q("search_key", value))

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=RUNNING_STATES, planned_end__lt=timezone.localdate())
        return queryset.filter(overdue if value else ~overdue)
