"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class BootstrapFormMixin:
    """Give every widget its Bootstrap class and mark invalid fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()
            if isinstance(widget, forms.DateInput):
                widget.attrs.setdefault("data-date", "")
                widget.attrs.setdefault("placeholder", _("dd/mm/yyyy"))
                widget.format = "%d/%m/%Y"

    def full_clean(self):
        # Never validate in __init__: subclasses narrow querysets after super().__init__().
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class VersionedFormMixin(forms.Form):
    """Carries the version of the record the user opened, for the no-lost-update check."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
