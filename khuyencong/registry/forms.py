"""Forms of the registry pages. They parse input; the services decide what is valid."""

from __future__ import annotations

from django import forms
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Organisation, User
from khuyencong.accounts.roles import Role
from khuyencong.core.forms import (
    BootstrapFormMixin,
    RemoteSelect,
    RemoteSelectMultiple,
    VersionedFormMixin,
)
from khuyencong.core.scope import restrict
from khuyencong.geo.models import Commune, District, Province
from khuyencong.policy.models import EstablishmentKind
from khuyencong.registry.models import (
    ETHNICITY_CHOICES,
    MAJORITY_ETHNICITY,
    Artisan,
    CraftVillage,
    Establishment,
    Gender,
    Sector,
)
from khuyencong.registry.services.establishments import EARLIEST_REVENUE_YEAR

COMMUNE_HELP = _("Type a few letters of the name; diacritics are optional.")
GENDER_CHOICES = [("", "—"), *Gender.choices]


def _with_query(url: str, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items() if v not in (None, ""))
    if not query:
        return url
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _unit_label(unit) -> str:
    parts = [unit.full_name]
    district = getattr(unit, "district", None)
    if district is not None:
        parts.append(district.full_name)
    if getattr(unit, "province", None) is not None:
        parts.append(unit.province.name)
    return ", ".join(parts)


class RegistryForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    """Common part: `values()` gives the service's keyword arguments."""

    not_values = frozenset({"version", "confirm_not_duplicate"})
    sections: tuple[tuple, ...] = ()

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.not_values}

    def grouped(self) -> list[tuple]:
        """(title, bound fields) per section, for forms laid out in sections."""
        return [(title, [self[name] for name in names]) for title, names in self.sections]


class EstablishmentForm(RegistryForm):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=EstablishmentKind.objects.all(), empty_label="—"
    )
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=14,
        required=False,
        help_text=_(
            "10 digits (a branch: 10 digits, a hyphen and 3 digits). Only a household business "
            "may be recorded without one."
        ),
    )
    business_registration_no = forms.CharField(
        label=_("Business registration number"),
        max_length=40,
        required=False,
        help_text=_("For a household business without a tax code."),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    commune = forms.ModelChoiceField(
        label=_("Commune, ward or special zone (today)"),
        queryset=Commune.objects.current(),
        required=False,
        empty_label="—",
        widget=RemoteSelect(reverse_lazy("geo:commune_search")),
        help_text=_(
            "Required, except for an old record whose commune today is not known: then give the "
            "unit as recorded before 1 July 2025."
        ),
    )
    province_then = forms.ModelChoiceField(
        label=_("Province as recorded then"),
        queryset=Province.objects.before_reform().order_by("name_folded"),
        required=False,
        empty_label="—",
        widget=forms.Select(attrs={"data-search": ""}),
    )
    district_then = forms.ModelChoiceField(
        label=_("District as recorded then"),
        queryset=District.objects.before_reform().select_related("province"),
        required=False,
        empty_label="—",
        widget=RemoteSelect(
            format_lazy("{}?level=district", reverse_lazy("registry:old_unit_search"))
        ),
    )
    commune_then = forms.ModelChoiceField(
        label=_("Commune as recorded then"),
        queryset=Commune.objects.before_reform().select_related("district", "province"),
        required=False,
        empty_label="—",
        widget=RemoteSelect(
            format_lazy("{}?level=commune", reverse_lazy("registry:old_unit_search"))
        ),
    )
    craft_village = forms.ModelChoiceField(
        label=_("Craft village"),
        queryset=CraftVillage.objects.none(),
        required=False,
        empty_label="—",
        widget=RemoteSelect(reverse_lazy("registry:craft_village_search")),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", "—"), *Sector.choices], required=False
    )
    main_products = forms.CharField(
        label=_("Main products"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    representative = forms.CharField(label=_("Representative"), max_length=150, required=False)
    representative_gender = forms.ChoiceField(
        label=_("Representative's gender"), choices=GENDER_CHOICES, required=False
    )
    ethnicity = forms.ChoiceField(
        label=_("Representative's ethnic group"),
        choices=ETHNICITY_CHOICES,
        initial=MAJORITY_ETHNICITY,
        widget=forms.Select(attrs={"data-search": ""}),
    )
    workers = forms.IntegerField(label=_("Workers"), min_value=0, required=False, initial=0)
    women_workers = forms.IntegerField(
        label=_("of whom women"), min_value=0, required=False, initial=0
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=Establishment.Status.choices, initial="active"
    )
    stopped_on = forms.DateField(label=_("Stopped on"), required=False, widget=forms.DateInput)
    confirm_not_duplicate = forms.BooleanField(
        label=_("This is a different establishment, save anyway"),
        required=False,
        widget=forms.HiddenInput,
    )

    sections = (
        (
            _("Identity"),
            ("name", "kind", "tax_code", "business_registration_no", "sector", "main_products"),
        ),
        (_("Location"), ("address", "commune", "craft_village")),
        (
            _("Unit as recorded before 1 July 2025 (old records)"),
            ("province_then", "district_then", "commune_then"),
        ),
        (
            _("Representative and workers"),
            (
                "representative",
                "representative_gender",
                "ethnicity",
                "workers",
                "women_workers",
            ),
        ),
        (_("Contact and status"), ("phone", "email", "status", "stopped_on")),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district_then"].label_from_instance = _unit_label
        self.fields["commune_then"].label_from_instance = _unit_label
        self.fields["craft_village"].queryset = restrict(CraftVillage.objects.all(), user)
        if user.is_national:
            return
        province_id = user.province_id
        commune = self.fields["commune"]
        if user.role == Role.COLLABORATOR:
            commune.queryset = user.communes.filter(valid_to__isnull=True).order_by("name")
            commune.widget = forms.Select(attrs={"class": "form-select"})
            commune.widget.choices = commune.choices
            commune.help_text = _("One of the communes you cover.")
        else:
            commune.queryset = Commune.objects.current().filter(province_id=province_id)
            commune.widget.attrs["data-search-url"] = _with_query(
                reverse("geo:commune_search"), province=province_id
            )
        self.fields["province_then"].queryset = Province.objects.before_reform().filter(
            succession__new_id=province_id
        )
        for name in ("district_then", "commune_then"):
            field = self.fields[name]
            field.queryset = field.queryset.filter(province__succession__new_id=province_id)
            field.widget.attrs["data-search-url"] = _with_query(
                field.widget.attrs["data-search-url"], province=province_id
            )
        self.fields["craft_village"].widget.attrs["data-search-url"] = _with_query(
            reverse("registry:craft_village_search"), province=province_id
        )

    def ask_to_confirm(self) -> None:
        """Show the 'different establishment' checkbox (after a probable duplicate was found)."""
        field = self.fields["confirm_not_duplicate"]
        field.widget = forms.CheckboxInput(attrs={"class": "form-check-input"})


class RevenueForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=EARLIEST_REVENUE_YEAR, required=False)
    amount = forms.IntegerField(label=_("Revenue (VND)"), min_value=0, required=False)

    def clean_year(self):
        year = self.cleaned_data.get("year")
        latest = timezone.localdate().year
        if year is not None and year > latest:
            raise forms.ValidationError(_("Enter a year up to %(latest)d.") % {"latest": latest})
        return year

    def clean(self):
        cleaned = super().clean()
        year, amount = cleaned.get("year"), cleaned.get("amount")
        if (year is None) != (amount is None) and not self.errors:
            missing = "amount" if amount is None else "year"
            self.add_error(missing, _("Give both the year and the amount, or neither."))
        return cleaned


class BaseRevenueFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            year = form.cleaned_data.get("year") if hasattr(form, "cleaned_data") else None
            if year is None:
                continue
            if year in seen:
                form.add_error("year", _("This year is already in the list."))
            seen.add(year)

    def values(self) -> dict[int, int]:
        return {
            f.cleaned_data["year"]: f.cleaned_data["amount"]
            for f in self.forms
            if f.cleaned_data.get("year") is not None
        }


RevenueFormSet = forms.formset_factory(RevenueForm, formset=BaseRevenueFormSet, extra=3)


class CraftVillageForm(RegistryForm):
    name = forms.CharField(label=_("Name"), max_length=255)
    commune = forms.ModelChoiceField(
        label=_("Commune, ward or special zone (today)"),
        queryset=Commune.objects.current(),
        empty_label="—",
        widget=RemoteSelect(reverse_lazy("geo:commune_search")),
        help_text=COMMUNE_HELP,
    )
    trade = forms.CharField(label=_("Trade"), max_length=200)
    year_recognised = forms.IntegerField(label=_("Year recognised"), required=False)
    decision_number = forms.CharField(
        label=_("Recognition decision number"), max_length=60, required=False
    )
    decision_date = forms.DateField(
        label=_("Recognition decision date"), required=False, widget=forms.DateInput
    )
    households = forms.IntegerField(label=_("Households"), min_value=0, required=False)
    workers = forms.IntegerField(label=_("Workers"), min_value=0, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_national:
            commune = self.fields["commune"]
            commune.queryset = Commune.objects.current().filter(province_id=user.province_id)
            commune.widget.attrs["data-search-url"] = _with_query(
                reverse("geo:commune_search"), province=user.province_id
            )


class ArtisanForm(RegistryForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    gender = forms.ChoiceField(label=_("Gender"), choices=GENDER_CHOICES, required=False)
    birth_year = forms.IntegerField(label=_("Birth year"), required=False)
    title = forms.ChoiceField(label=_("Title"), choices=Artisan.Title.choices)
    year_awarded = forms.IntegerField(label=_("Year awarded"), required=False)
    trade = forms.CharField(label=_("Trade"), max_length=200)
    establishment = forms.ModelChoiceField(
        label=_("Establishment"),
        queryset=Establishment.objects.none(),
        required=False,
        empty_label="—",
        widget=RemoteSelect(reverse_lazy("registry:establishment_search")),
        help_text=_("The establishment or the craft village (at least one)."),
    )
    craft_village = forms.ModelChoiceField(
        label=_("Craft village"),
        queryset=CraftVillage.objects.none(),
        required=False,
        empty_label="—",
        widget=RemoteSelect(reverse_lazy("registry:craft_village_search")),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = restrict(
            Establishment.objects.filter(merged_into__isnull=True), user
        )
        self.fields["craft_village"].queryset = restrict(CraftVillage.objects.all(), user)


class CollaboratorForm(RegistryForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    gender = forms.ChoiceField(label=_("Gender"), choices=GENDER_CHOICES, required=False)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.current().order_by("name_folded"),
        empty_label="—",
        widget=forms.Select(attrs={"data-search": ""}),
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes covered"),
        queryset=Commune.objects.current(),
        required=False,
        widget=RemoteSelectMultiple(reverse_lazy("geo:commune_search")),
        help_text=COMMUNE_HELP,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="—",
        widget=forms.Select(attrs={"data-search": ""}),
    )
    user = forms.ModelChoiceField(
        label=_("User account"),
        queryset=User.objects.none(),
        required=False,
        empty_label="—",
        widget=forms.Select(attrs={"data-search": ""}),
        help_text=_("The collaborator's own account for signing in, if they have one."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    active_from = forms.DateField(label=_("Active from"), required=False, widget=forms.DateInput)
    active_to = forms.DateField(
        label=_("Active until"),
        required=False,
        widget=forms.DateInput,
        help_text=_("Empty while the collaborator is active."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = restrict(
            Organisation.objects.filter(is_active=True), user
        ).order_by("name")
        self.fields["user"].queryset = restrict(
            User.objects.filter(role=Role.COLLABORATOR, is_active=True), user
        ).order_by("last_name", "first_name")
        if not user.is_national:
            self.fields["province"].queryset = Province.objects.filter(pk=user.province_id)
            self.fields["province"].initial = user.province_id
            communes = self.fields["communes"]
            communes.queryset = Commune.objects.current().filter(province_id=user.province_id)
            communes.widget.attrs["data-search-url"] = _with_query(
                reverse("geo:commune_search"), province=user.province_id
            )


class TrainingForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput)
    course = forms.CharField(label=_("Course"), max_length=255, required=False)
    organiser = forms.CharField(label=_("Organiser"), max_length=255, required=False)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned.get("organiser") and not cleaned.get("course"):
            self.add_error("course", _("Enter the course."))
        if cleaned.get("course") and not cleaned.get("date"):
            self.add_error("date", _("Enter the date."))
        if cleaned.get("date") and not cleaned.get("course"):
            self.add_error("course", _("Enter the course."))
        return cleaned


class BaseTrainingFormSet(forms.BaseFormSet):
    def values(self) -> list[dict]:
        return [
            {k: f.cleaned_data.get(k) for k in ("date", "course", "organiser")}
            for f in self.forms
            if f.cleaned_data.get("course")
        ]


TrainingFormSet = forms.formset_factory(TrainingForm, formset=BaseTrainingFormSet, extra=2)


class MergeForm(BootstrapFormMixin, forms.Form):
    source = forms.ModelChoiceField(
        label=_("Duplicate record (merged away)"),
        queryset=Establishment.objects.filter(merged_into__isnull=True),
        widget=RemoteSelect(reverse_lazy("registry:establishment_search")),
    )
    target = forms.ModelChoiceField(
        label=_("Record to keep"),
        queryset=Establishment.objects.filter(merged_into__isnull=True),
        widget=RemoteSelect(reverse_lazy("registry:establishment_search")),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why these are the same establishment."),
    )

    def clean(self):
        cleaned = super().clean()
        source, target = cleaned.get("source"), cleaned.get("target")
        if source is not None and source == target:
            self.add_error("target", _("Choose two different establishments."))
        return cleaned
