"""The forms of the submission pages: the confirmation before submitting, and the year of the
overview. Every bad input gets its message next to its field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.core.forms import BootstrapFormMixin
from khuyencong.reports.models import FIRST_HALF, WHOLE_YEAR
from khuyencong.reports.submissions import deadlines, services

HALF_CHOICES = [(FIRST_HALF, _("First half-year")), (WHOLE_YEAR, _("Whole year"))]


class SubmitForm(BootstrapFormMixin, forms.Form):
    report = forms.CharField(widget=forms.HiddenInput, initial=deadlines.DEFAULT_REPORT)
    year = forms.IntegerField(label=_("Year"))
    half = forms.TypedChoiceField(label=_("Period"), choices=HALF_CHOICES, coerce=int)
    note = forms.CharField(
        label=_("Note to the ministry"),
        required=False,
        max_length=services.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["half"].error_messages["invalid_choice"] = _(
            "Choose the first half-year or the whole year: the second half is reported in the "
            "annual report."
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.due = services.check_period(
                report=data["report"], year=data["year"], half=data["half"]
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name if name in ("year", "half", "note") else None, messages)
        return data


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=services.MIN_YEAR, required=False)

    def clean_year(self):
        year = self.cleaned_data.get("year")
        this_year = timezone.localdate().year
        if year is not None and year > this_year + 1:
            raise ValidationError(
                _("Enter a year between %(a)d and %(b)d.")
                % {"a": services.MIN_YEAR, "b": this_year + 1}
            )
        return year or this_year
