"""Form helpers shared by every app."""

from __future__ import annotations

import re

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


class RemoteSelect(forms.Select):
    """A select whose options are searched on the server (Tom Select + a JSON endpoint).

    Only the selected option is rendered, so a field over thousands of communes stays light;
    the field's queryset still validates what is submitted.
    """

    def __init__(self, url: str, attrs: dict | None = None):
        super().__init__({**(attrs or {}), "data-search": "", "data-search-url": url})

    def optgroups(self, name, value, attrs=None):
        selected = {str(v) for v in value if v not in (None, "")}
        choices = self.choices
        if hasattr(choices, "queryset"):  # a model field: fetch only the selected rows
            field = choices.field
            rows = choices.queryset.filter(pk__in=[v for v in selected if v.isdecimal()])
            choices = [("", field.empty_label)] if field.empty_label is not None else []
            choices += [(str(row.pk), field.label_from_instance(row)) for row in rows]
        groups = []
        for index, (option_value, label) in enumerate(choices):
            key = str(getattr(option_value, "value", option_value))
            if key in selected or key == "":
                option = self.create_option(name, option_value, label, key in selected, index)
                groups.append((None, [option], index))
        return groups


class VersionedFormMixin(forms.Form):
    """Carries the version of the record the user opened, for the no-lost-update check."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RemoteSelectMultiple(RemoteSelect, forms.SelectMultiple):
    """RemoteSelect for many values (e.g. the communes a collaborator covers)."""


_PLAIN_VND = re.compile(r"^-?\d+$")
_GROUPED_VND = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


class VndField(forms.CharField):
    """An amount in whole đồng, typed as 250000000 or 250.000.000 (Vietnamese separators)."""

    default_error_messages = {
        "invalid": _("Enter a whole number of đồng, e.g. 250000000 or 250.000.000 (no decimals)."),
        "negative": _("The amount cannot be negative."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("maxlength", "24")
        self.widget.attrs.setdefault("inputmode", "numeric")
        self.widget.attrs.setdefault("class", "text-end")

    def prepare_value(self, value):
        if isinstance(value, int):
            from khuyencong.core.formatting import format_number

            return format_number(value)
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").replace(" ", "").replace("\u00a0", "")
        text = text.removesuffix("đ").removesuffix("đồng")
        if not text:
            return None
        if _PLAIN_VND.match(text):
            number = int(text)
        elif _GROUPED_VND.match(text):
            number = int(text.replace(".", ""))
        else:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if number < 0:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        return number
