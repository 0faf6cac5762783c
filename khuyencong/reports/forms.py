"""The parameters form of a report. A provincial user's province is fixed to their own; "the whole
country" is offered only to national users. Every bad input gets a message next to its field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.core.forms import BootstrapFormMixin
from khuyencong.geo.models import Province
from khuyencong.policy.models import Programme
from khuyencong.reports import params as p

MIN_YEAR = 1990
MAX_YEAR = 2100

PERIOD_CHOICES = [
    (p.YEAR, _("Year")),
    (p.HALF, _("Half-year")),
    (p.RANGE, _("Date range")),
    (p.PHASE, _("Phase (several years)")),
]
PROGRAMME_CHOICES = [
    (p.BOTH, _("Both programmes")),
    (Programme.NATIONAL, Programme.NATIONAL.label),
    (Programme.LOCAL, Programme.LOCAL.label),
]
GROUPING_CHOICES = [
    (p.TODAY, _("Today's administrative units")),
    (p.THEN, _("Administrative units as they were")),
]


def allowed_provinces(user) -> list[Province]:
    """Today's provinces a user may report on: all for national users, else their own."""
    rows = Province.objects.current().order_by("name_folded")
    if user.is_national:
        return list(rows)
    if user.province_id is None:
        return []
    return list(rows.filter(pk=user.province_id))


class ReportForm(BootstrapFormMixin, forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, initial=p.YEAR)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    half = forms.TypedChoiceField(
        label=_("Half-year"),
        choices=[(1, _("First half")), (2, _("Second half"))],
        coerce=int,
        required=False,
    )
    date_from = forms.DateField(label=_("From date"), required=False)
    date_to = forms.DateField(label=_("To date"), required=False)
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    programme = forms.ChoiceField(
        label=_("Programme"), choices=PROGRAMME_CHOICES, initial=p.BOTH, required=False
    )
    province = forms.TypedChoiceField(label=_("Province"), coerce=int, required=False)
    grouping = forms.ChoiceField(
        label=_("Group by"), choices=GROUPING_CHOICES, initial=p.TODAY, required=False
    )

    def __init__(self, *args, user, default_period: str = p.YEAR, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.provinces = {province.pk: province for province in allowed_provinces(user)}
        choices = [(pk, province.name) for pk, province in self.provinces.items()]
        if user.is_national:
            choices.insert(0, ("", _("Whole country")))
        self.fields["province"].choices = choices
        year = timezone.localdate().year
        self.fields["period"].initial = default_period
        self.fields["year"].initial = year
        self.fields["half"].initial = 1
        self.fields["year_from"].initial = year - 4
        self.fields["year_to"].initial = year
        if not user.is_national and len(self.provinces) == 1:
            self.fields["province"].initial = next(iter(self.provinces))

    def clean(self):
        data = super().clean()
        kind = data.get("period")
        required = {
            p.YEAR: ("year",),
            p.HALF: ("year", "half"),
            p.RANGE: ("date_from", "date_to"),
            p.PHASE: ("year_from", "year_to"),
        }.get(kind, ())
        missing = [name for name in required if data.get(name) in (None, "")]
        for name in missing:
            if name not in self.errors:
                self.add_error(name, _("Enter this to choose the period."))
        if not self.user.is_national and not self.provinces:
            self.add_error("province", _("Your account has no province: ask an administrator."))
        if missing or self.errors:
            return data
        if kind == p.RANGE and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period must not be before its start."))
        if kind == p.PHASE and data["year_to"] < data["year_from"]:
            self.add_error("year_to", _("The last year must not be before the first."))
        return data

    def parameters(self) -> p.ReportParams:
        data = self.cleaned_data
        kind = data["period"]
        if kind == p.YEAR:
            period = p.Period.year(data["year"])
        elif kind == p.HALF:
            period = p.Period.half(data["year"], data["half"])
        elif kind == p.RANGE:
            period = p.Period.range(data["date_from"], data["date_to"])
        else:
            period = p.Period.phase(data["year_from"], data["year_to"])
        province = self.provinces.get(data.get("province")) if data.get("province") else None
        if province is None and not self.user.is_national:
            # A provincial user's report is always of their province.
            province = self.provinces.get(self.user.province_id)
        return p.ReportParams(
            user=self.user,
            period=period,
            programme=data.get("programme") or p.BOTH,
            province=province,
            grouping=data.get("grouping") or p.TODAY,
        )
