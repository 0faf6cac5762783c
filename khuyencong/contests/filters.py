"""Filters of rounds, entries and certificates: one FilterSet serves the page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from khuyencong.contests.models import (
    Certificate,
    Entry,
    Level,
    ProductGroup,
    Round,
    RoundStatus,
)


class RoundFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RoundStatus.choices)

    class Meta:
        model = Round
        fields = ["level", "year", "status"]


class EntryFilter(django_filters.FilterSet):
    round = django_filters.NumberFilter(label=_("Round"), field_name="round_id")
    group = django_filters.ChoiceFilter(label=_("Product group"), choices=ProductGroup.choices)
    passed = django_filters.BooleanFilter(label=_("Passed"))

    class Meta:
        model = Entry
        fields = ["round", "group", "passed"]


class CertificateFilter(django_filters.FilterSet):
    round = django_filters.NumberFilter(label=_("Round"), field_name="entry__round_id")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)
    year = django_filters.NumberFilter(label=_("Year"))
    province = django_filters.NumberFilter(label=_("Province"), field_name="province_id")

    class Meta:
        model = Certificate
        fields = ["round", "level", "year", "province"]
