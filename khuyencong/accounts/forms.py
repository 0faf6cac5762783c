from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Organisation
from khuyencong.core.forms import BootstrapFormMixin, RemoteSelect, VersionedFormMixin
from khuyencong.geo.models import Commune, Province


class OrganisationForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.current().order_by("name"),
        required=False,
        empty_label=_("— none (a national body) —"),
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.current(),
        required=False,
        empty_label=_("— none —"),
        widget=RemoteSelect(reverse_lazy("geo:commune_search")),
        help_text=_("Type a few letters of the name; diacritics are optional."),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_national:
            self.fields["province"].queryset = Province.objects.filter(pk=user.province_id)
            self.fields["province"].initial = user.province_id
            self.fields["province"].required = True
            self.fields["commune"].queryset = Commune.objects.current().filter(
                province_id=user.province_id
            )
            self.fields["commune"].widget.attrs["data-search-url"] = (
                f"{reverse('geo:commune_search')}?province={user.province_id}"
            )
            self.fields["kind"].choices = [
                c
                for c in Organisation.Kind.choices
                if c[0] != Organisation.Kind.MINISTRY_DEPARTMENT
            ]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class StyledPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or password is not correct. Both are case-sensitive; after several "
            "failed attempts signing in is blocked for a while."
        ),
        "inactive": _("This account is disabled. Contact your administrator."),
    }
