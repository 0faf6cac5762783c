"""Forms of the contests pages. They only parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Organisation, User
from khuyencong.contests.models import (
    Certificate,
    Criterion,
    Entry,
    Level,
    ProductGroup,
    Region,
    Round,
)
from khuyencong.contests.services.access import PROVINCIAL_LEVELS, juror_candidates
from khuyencong.core.forms import BootstrapFormMixin, VersionedFormMixin
from khuyencong.core.scope import restrict
from khuyencong.geo.models import Commune, Province
from khuyencong.registry.models import Establishment


class RoundForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    year = forms.IntegerField(label=_("Year"))
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.none())
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.none(), required=False
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        required=False,
        help_text=_("For a commune round."),
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", "—"), *Region.choices], required=False
    )
    registration_opens = forms.DateField(label=_("Registration opens"), widget=forms.DateInput)
    registration_closes = forms.DateField(label=_("Registration closes"), widget=forms.DateInput)
    scoring_until = forms.DateField(label=_("Scoring until"), widget=forms.DateInput)
    announcement_date = forms.DateField(label=_("Announcement date"), widget=forms.DateInput)
    pass_mark = forms.IntegerField(label=_("Pass mark"), initial=70, min_value=1, max_value=100)
    certificate_years = forms.IntegerField(
        label=_("Certificate valid for (years)"), initial=3, min_value=1, max_value=10
    )
    jurors = forms.ModelMultipleChoiceField(
        label=_("Jury members"), queryset=User.objects.none(), required=False
    )
    council_members = forms.CharField(
        label=_("Council members"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = restrict(Organisation.objects.all(), user)
        provinces = Province.objects.current()
        communes = Commune.objects.current()
        if not user.is_national:
            provinces = provinces.filter(pk=user.province_id)
            communes = communes.filter(province_id=user.province_id)
        self.fields["province"].queryset = provinces
        self.fields["commune"].queryset = communes.select_related("province")
        if not user.is_national:
            # A provincial organiser: the levels they may organise (the service checks again).
            self.fields["level"].choices = [
                (value, label) for value, label in Level.choices if value in PROVINCIAL_LEVELS
            ]
        # Staff the user may name; the service checks each against the round's level and place.
        self.fields["jurors"].queryset = juror_candidates(user).order_by("last_name", "first_name")
        self.fields["year"].initial = timezone.localdate().year

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class EntryForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    establishment = forms.ModelChoiceField(
        label=_("Establishment"), queryset=Establishment.objects.none()
    )
    product_name = forms.CharField(label=_("Product name"), max_length=255)
    group = forms.ChoiceField(label=_("Product group"), choices=ProductGroup.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    mass_producible = forms.BooleanField(
        label=_("The product is mass producible, not a one-off"), required=False
    )
    lower_certificate = forms.ModelChoiceField(
        label=_("Certificate of the level below"),
        queryset=Certificate.objects.none(),
        required=False,
    )
    external_certificate_number = forms.CharField(
        label=_("Or: certificate number (issued outside this system)"),
        max_length=60,
        required=False,
    )
    external_certificate_date = forms.DateField(
        label=_("Certificate date"), widget=forms.DateInput, required=False
    )
    external_certificate_level = forms.ChoiceField(
        label=_("Certificate level"), choices=[("", "—"), *Level.choices], required=False
    )
    photo = forms.FileField(label=_("Photo of the product"), required=False)
    document = forms.FileField(label=_("Dossier document"), required=False)

    def __init__(self, *args, user, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        establishments = Establishment.objects.filter(merged_into__isnull=True)
        if user.role == "establishment" and not user.is_superuser:
            establishments = establishments.filter(pk=user.establishment_id)
        elif round_.province_id:
            establishments = establishments.filter(province_id=round_.province_id)
        self.fields["establishment"].queryset = establishments.order_by("name_folded")
        self.fields["lower_certificate"].queryset = Certificate.objects.select_related(
            "entry", "establishment"
        ).order_by("-issued_on")
        if round_.level in (Level.COMMUNE, Level.PROVINCE):
            for name in (
                "lower_certificate",
                "external_certificate_number",
                "external_certificate_date",
                "external_certificate_level",
            ):
                del self.fields[name]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("version", "photo", "document"):
            data.pop(name, None)
        return data


class FilesForm(BootstrapFormMixin, forms.Form):
    photo = forms.FileField(label=_("Photo of the product"), required=False)
    document = forms.FileField(label=_("Dossier document"), required=False)


class ScoreForm(forms.Form):
    """One number input per sub-criterion, named c<id>, with its maximum."""

    def __init__(self, *args, criteria: list[Criterion], initial_points: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.CharField(
                label=criterion.name,
                required=False,
                initial=initial_points.get(criterion.pk, ""),
                widget=forms.NumberInput(
                    attrs={
                        "class": "form-control text-end score-input",
                        "min": 0,
                        "max": criterion.max_points,
                        "step": "0.5",
                        "inputmode": "decimal",
                        "data-max": criterion.max_points,
                    }
                ),
            )
        self.criteria = criteria

    def points(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.criteria}


class ActionForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if "decision_number" in transition.asks:
            self.fields["decision_number"] = forms.CharField(
                label=_("Decision number"), max_length=60, required=False
            )
        if "decision_date" in transition.asks:
            self.fields["decision_date"] = forms.DateField(
                label=_("Decision date"), widget=forms.DateInput, required=False
            )
        if "note" in transition.asks:
            self.fields["note"] = forms.CharField(
                label=_("Note"),
                widget=forms.Textarea(attrs={"rows": 3}),
                required="note" in transition.requires,
            )

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.transition.asks}


class ConflictForm(BootstrapFormMixin, forms.Form):
    juror = forms.ModelChoiceField(label=_("Juror"), queryset=User.objects.none())
    establishment = forms.ModelChoiceField(
        label=_("Establishment"), queryset=Establishment.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].queryset = round_.jurors.all()
        self.fields["establishment"].queryset = Establishment.objects.filter(
            contest_entries__round=round_
        ).distinct()


class CertifyForm(BootstrapFormMixin, forms.Form):
    issued_on = forms.DateField(
        label=_("Date of the certificates"), widget=forms.DateInput, initial=timezone.localdate
    )
    number_prefix = forms.CharField(
        label=_("Number prefix"),
        max_length=40,
        required=False,
        help_text=_("e.g. 15/GCN-UBND; the certificates are numbered after it."),
    )


class NominateForm(BootstrapFormMixin, forms.Form):
    target = forms.ModelChoiceField(
        label=_("Round of the next level"), queryset=Round.objects.none()
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = rounds


class SheetForm(BootstrapFormMixin, forms.Form):
    """The maximum points of every sub-criterion of a round, one field each."""

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(
            Criterion.objects.filter(group__round=round_)
            .select_related("group")
            .order_by("group__order", "order", "pk")
        )
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.group.name} — {criterion.name}",
                min_value=1,
                max_value=100,
                initial=criterion.max_points,
                widget=forms.NumberInput(
                    attrs={"class": "form-control", "style": "max-width: 8rem"}
                ),
            )

    def maxima(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class JurorsForm(BootstrapFormMixin, forms.Form):
    jurors = forms.ModelMultipleChoiceField(
        label=_("Jurors who score this entry"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every juror of the round scores it."),
    )

    def __init__(self, *args, entry: Entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurors"].queryset = entry.round.jurors.order_by("last_name", "first_name")
        self.fields["jurors"].label_from_instance = lambda u: u.get_full_name() or u.username
