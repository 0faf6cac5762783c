"""Project forms: the record, its budget, outputs, transactions, documents and the actions.

Forms only parse; every rule is checked by the services (and reported next to the field)."""

from __future__ import annotations

from django import forms
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.accounts.models import Organisation, User
from khuyencong.accounts.roles import Role
from khuyencong.core.forms import (
    BootstrapFormMixin,
    RemoteSelectMultiple,
    VersionedFormMixin,
    VndField,
)
from khuyencong.core.scope import restrict
from khuyencong.core.uploads import UploadField
from khuyencong.geo.models import Commune, Province
from khuyencong.policy.models import (
    ActivityContent,
    FundingSource,
    Indicator,
    Programme,
    SupportRule,
)
from khuyencong.policy.selectors import legal_basis_for_projects_on
from khuyencong.policy.support import describe_cap
from khuyencong.projects.models import (
    AppraisalResult,
    DocumentKind,
    MoneyMovement,
    Project,
)
from khuyencong.projects.services import AMENDABLE_FIELDS, PROJECT_FIELDS
from khuyencong.registry.models import CraftVillage, Establishment


def _with_query(url: str, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items() if v not in (None, ""))
    return f"{url}{'&' if '?' in url else '?'}{query}" if query else url


class ProjectForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=500)
    programme = forms.ChoiceField(label=_("Programme"), choices=Programme.choices)
    year = forms.IntegerField(label=_("Year"))
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.current().order_by("name_folded"),
        widget=forms.Select(attrs={"data-search": ""}),
    )
    activity_content = forms.ModelChoiceField(
        label=_("Activity content"),
        queryset=ActivityContent.objects.none(),
        help_text=_("The contents of the legal basis in force; it is fixed at approval."),
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Lead unit"), queryset=Organisation.objects.none(), required=False
    )
    implementing_unit = forms.ModelChoiceField(
        label=_("Implementing unit"), queryset=Organisation.objects.none(), required=False
    )
    establishments = forms.ModelMultipleChoiceField(
        label=_("Beneficiary establishments"),
        queryset=Establishment.objects.all(),
        required=False,
        widget=RemoteSelectMultiple(reverse_lazy("registry:establishment_search")),
        help_text=_("None for information or capacity projects."),
    )
    craft_villages = forms.ModelMultipleChoiceField(
        label=_("Beneficiary craft villages"),
        queryset=CraftVillage.objects.all(),
        required=False,
        widget=RemoteSelectMultiple(reverse_lazy("registry:craft_village_search")),
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Places (today's communes, wards, special zones)"),
        queryset=Commune.objects.current(),
        required=False,
        widget=RemoteSelectMultiple(reverse_lazy("geo:commune_search")),
    )
    planned_start = forms.DateField(
        label=_("Planned start"), required=False, widget=forms.DateInput
    )
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=forms.DateInput)
    is_pilot = forms.BooleanField(label=_("Pilot project"), required=False)
    is_group = forms.BooleanField(label=_("Group project"), required=False)
    is_multi_year = forms.BooleanField(label=_("Multi-year"), required=False)
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    officers = forms.ModelMultipleChoiceField(
        label=_("Responsible officers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-search": ""}),
    )
    support_rule = forms.ModelChoiceField(
        label=_("Support rule"),
        queryset=SupportRule.objects.none(),
        required=False,
        empty_label=_("None applies"),
        help_text=_("The cap on state support that applies to this project."),
    )
    eligible_cost_vnd = VndField(
        label=_("Eligible cost (VND)"),
        required=False,
        help_text=_("The total cost the share cap is computed on."),
    )
    support_units = forms.IntegerField(
        label=_("Units supported"),
        min_value=1,
        initial=1,
        help_text=_("Models, establishments, enterprises… the cap applies to each."),
    )

    sections = (
        (_("Project"), ("title", "programme", "year", "province", "activity_content")),
        (
            _("Units and people"),
            ("lead_unit", "implementing_unit", "officers"),
        ),
        (_("Beneficiaries and places"), ("establishments", "craft_villages", "communes")),
        (
            _("Schedule"),
            ("planned_start", "planned_end", "is_pilot", "is_group", "is_multi_year"),
        ),
        (_("Support cap"), ("support_rule", "eligible_cost_vnd", "support_units")),
        (_("Objectives and description"), ("objectives", "description")),
    )

    def __init__(self, *args, user: User, project: Project | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.project = project
        national = user.is_superuser or user.role in (Role.ADMIN, Role.MINISTRY_OFFICER)
        province_id = project.province_id if project else (None if national else user.province_id)
        if province_id is not None:
            self.fields["province"].queryset = Province.objects.filter(pk=province_id)
            self.fields["province"].initial = province_id
            self.fields["province"].disabled = True
            for name, url in (
                ("communes", reverse("geo:commune_search")),
                ("craft_villages", reverse("registry:craft_village_search")),
            ):
                self.fields[name].widget.attrs["data-search-url"] = _with_query(
                    url, province=province_id
                )
        basis = legal_basis_for_projects_on(timezone.localdate())
        contents = ActivityContent.objects.select_related("legal_basis")
        if project is not None and project.is_historical:
            contents = contents.filter(legal_basis=project.legal_basis)
        elif basis is not None:
            contents = contents.filter(legal_basis=basis)
        self.fields["activity_content"].queryset = contents.order_by("order", "code")
        organisations = Organisation.objects.order_by("name")
        if province_id is not None:
            organisations = organisations.filter(province_id__in=[province_id]) | (
                organisations.filter(province__isnull=True)
            )
        self.fields["lead_unit"].queryset = organisations
        self.fields["implementing_unit"].queryset = organisations
        officers = User.objects.filter(
            is_active=True, role__in=[Role.PROVINCIAL_OFFICER, Role.PROVINCIAL_MANAGER]
        ).order_by("last_name", "first_name")
        if province_id is not None:
            officers = officers.filter(province_id=province_id)
        self.fields["officers"].queryset = restrict(officers, user)
        self.fields["officers"].label_from_instance = lambda u: u.get_full_name() or u.username
        rules = SupportRule.objects.all()
        if project is not None:
            from khuyencong.projects.support import rules_for

            rules = rules_for(project)
        self.fields["support_rule"].queryset = rules
        self.fields["support_rule"].label_from_instance = lambda r: f"{r.name} — {describe_cap(r)}"
        if project is None:
            self.fields["year"].initial = timezone.localdate().year
            self.fields["programme"].initial = Programme.LOCAL
        elif project.status == "amendment_requested":
            for name in self.fields:
                if name in PROJECT_FIELDS and name not in AMENDABLE_FIELDS:
                    self.fields[name].disabled = True

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in PROJECT_FIELDS}

    def grouped(self) -> list[tuple]:
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    @staticmethod
    def initial_for(project: Project) -> dict:
        initial = {name: getattr(project, name) for name in PROJECT_FIELDS}
        for name in ("establishments", "craft_villages", "communes", "officers"):
            initial[name] = list(getattr(project, name).all())
        initial["version"] = project.version
        return initial


class BudgetForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    """One amount per funding source, for the column the user may set now."""

    cap_justification = forms.CharField(
        label=_("Legal justification for exceeding the cap"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the state support is above the cap (provincial manager)."),
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = list(sources)
        for source in self.sources:
            self.fields[f"source_{source.pk}"] = VndField(label=source.name, required=False)
        # BootstrapFormMixin styled the fields that existed before; style the new ones.
        for source in self.sources:
            widget = self.fields[f"source_{source.pk}"].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} form-control".strip()

    def amounts(self) -> dict:
        return {s: self.cleaned_data.get(f"source_{s.pk}") for s in self.sources}

    def source_fields(self):
        return [self[f"source_{s.pk}"] for s in self.sources]


class OutputForm(BootstrapFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.filter(is_active=True).order_by("order", "code"),
    )
    target = forms.DecimalField(label=_("Target"), min_value=0, max_digits=14, decimal_places=2)
    actual = forms.DecimalField(
        label=_("Actual"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class BaseOutputFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("indicator")
        ]


OutputFormSet = forms.formset_factory(
    OutputForm, formset=BaseOutputFormSet, extra=3, can_delete=True
)


class OutputsVersionForm(VersionedFormMixin):
    pass


class MovementForm(BootstrapFormMixin, forms.Form):
    source = forms.ModelChoiceField(
        label=_("Funding source"), queryset=FundingSource.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=MoneyMovement.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput)
    document_number = forms.CharField(label=_("Document number"), max_length=60)
    amount_vnd = VndField(label=_("Amount (VND)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = FundingSource.objects.filter(
            pk__in=project.budget_lines.values("source")
        )


class DocumentForm(BootstrapFormMixin, forms.Form):
    document_kind = forms.ChoiceField(label=_("Document type"), choices=DocumentKind.choices)
    title = forms.CharField(
        label=pgettext_lazy("document", "Title"), max_length=255, required=False
    )
    upload = UploadField(label=_("File"))


# Labels of the decision fields, by action: what the number and date are of.
DECISION_LABELS = {
    "appraise": (_("Appraisal minutes number"), _("Appraisal date")),
    "approve": (_("Approval decision number"), _("Approval date")),
    "approve_national": (_("Approval decision number"), _("Approval date")),
    "start": (_("Contract number"), _("Contract date")),
    "accept": (_("Acceptance record number"), _("Acceptance date")),
    "settle": (_("Settlement decision number"), _("Settlement date")),
    "close": (None, _("Closing date")),
}


class TransitionForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    """The fields an action asks for (decision, note, …), built from its declaration."""

    def __init__(self, *args, transition, project: Project, budget_lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.budget_lines = list(budget_lines)
        labels = DECISION_LABELS.get(transition.name, (None, None))
        available = {
            "decision_number": forms.CharField(
                label=labels[0] or _("Decision number"), max_length=60
            ),
            "decision_date": forms.DateField(
                label=labels[1] or _("Decision date"), widget=forms.DateInput
            ),
            "actual_start": forms.DateField(label=_("Actual start"), widget=forms.DateInput),
            "appraisal_result": forms.ChoiceField(
                label=_("Appraisal result"), choices=[("", "—"), *AppraisalResult.choices]
            ),
            "appraisal_opinion": forms.CharField(
                label=_("Appraisal opinion"), widget=forms.Textarea(attrs={"rows": 3})
            ),
            "cap_justification": forms.CharField(
                label=_("Legal justification for exceeding the cap"),
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Only when the state support is above the cap (provincial manager)."),
            ),
            "note": forms.CharField(
                label=_("Reason") if "note" in transition.requires else _("Note"),
                widget=forms.Textarea(attrs={"rows": 3}),
            ),
        }
        for name in transition.asks:
            field = available[name]
            field.required = name in transition.requires
            self.fields[name] = field
        if transition.name == "settle":
            for line in self.budget_lines:
                self.fields[f"settled_{line.source_id}"] = VndField(
                    label=_("Settled: %(source)s") % {"source": line.source.name},
                    initial=line.current_vnd,
                )
        self.fields["attachment"] = UploadField(label=_("Attachment"), required=False)
        for field in self.fields.values():  # fields added after the mixin styled the form
            widget = field.widget
            if "class" not in widget.attrs or "form-" not in widget.attrs["class"]:
                css = "form-select" if isinstance(widget, forms.Select) else "form-control"
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(widget, forms.DateInput):
                widget.attrs.setdefault("data-date", "")
                widget.attrs.setdefault("placeholder", _("dd/mm/yyyy"))
                widget.format = "%d/%m/%Y"
                field.initial = timezone.localdate()

    def data_for_service(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self.transition.asks}
        if self.transition.name == "settle":
            data["settled"] = {
                line.source_id: self.cleaned_data.get(f"settled_{line.source_id}")
                for line in self.budget_lines
            }
        return data
