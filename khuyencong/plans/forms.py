"""Plan forms: the plan record, the life-cycle actions, proposing a project, a tranche of the
approved money and the picker of two versions to compare.

Forms only parse; every rule is checked by the services (and reported next to the field)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import User
from khuyencong.core.forms import BootstrapFormMixin, VersionedFormMixin, VndField
from khuyencong.core.scope import restrict
from khuyencong.geo.models import Province
from khuyencong.plans import selectors, services
from khuyencong.plans.models import Plan, PlanVersion
from khuyencong.policy.models import FundingSource
from khuyencong.policy.models import Programme as ProgrammeKind
from khuyencong.projects.models import Project

CREATE_FIELDS = (
    "title",
    "kind",
    "year",
    "province",
    "programme",
    "registration_deadline",
    "mid_year_report_due",
    "year_end_report_due",
    "note",
)
# What `services.plan_update` may change: never the kind, year or province.
UPDATE_FIELDS = (
    "title",
    "programme",
    "registration_deadline",
    "mid_year_report_due",
    "year_end_report_due",
    "note",
)


def _style(form: forms.Form) -> None:
    """Bootstrap classes for fields added after BootstrapFormMixin styled the form."""
    for field in form.fields.values():
        widget = field.widget
        if "form-" in widget.attrs.get("class", ""):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if isinstance(widget, forms.DateInput):
            widget.attrs.setdefault("data-date", "")
            widget.attrs.setdefault("placeholder", _("dd/mm/yyyy"))
            widget.format = "%d/%m/%Y"


class PlanForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title of the plan"),
        max_length=300,
        required=False,
        help_text=_("Leave empty for the usual title, with the year and the province."),
    )
    kind = forms.ChoiceField(label=_("Programme"), choices=ProgrammeKind.choices)
    year = forms.IntegerField(label=_("Year"))
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.current().order_by("name_folded"),
        widget=forms.Select(attrs={"data-search": ""}),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme phase"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("The programme (phase) whose targets this plan carries out."),
    )
    registration_deadline = forms.DateField(
        label=_("Registration deadline"),
        required=False,
        widget=forms.DateInput,
        help_text=_("Until then officers put their projects into the plan."),
    )
    mid_year_report_due = forms.DateField(
        label=_("Mid-year report due"),
        required=False,
        widget=forms.DateInput,
        help_text=_("Empty: 15 June of the plan's year."),
    )
    year_end_report_due = forms.DateField(
        label=_("Year-end report due"),
        required=False,
        widget=forms.DateInput,
        help_text=_("Empty: 15 December of the plan's year."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user: User, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        programmes = selectors.programme_list(user=user)
        province_id = plan.province_id if plan else (None if user.is_national else user.province_id)
        if province_id is not None:
            self.fields["province"].queryset = Province.objects.filter(pk=province_id)
            self.fields["province"].initial = province_id
            self.fields["province"].disabled = True
            programmes = programmes.filter(Q(province__isnull=True) | Q(province_id=province_id))
        self.fields["programme"].queryset = programmes
        if plan is None:
            self.fields["year"].initial = timezone.localdate().year
            self.fields["kind"].initial = ProgrammeKind.LOCAL
        else:
            for name in ("kind", "year"):
                self.fields[name].disabled = True
            self.fields["title"].required = True
            self.fields["title"].help_text = ""

    def values(self) -> dict:
        names = UPDATE_FIELDS if self.plan is not None else CREATE_FIELDS
        return {name: self.cleaned_data.get(name) for name in names}

    @staticmethod
    def initial_for(plan: Plan) -> dict:
        initial = {name: getattr(plan, name) for name in CREATE_FIELDS}
        initial["province"] = plan.province_id
        initial["programme"] = plan.programme_id
        initial["version"] = plan.version
        return initial


# Labels of the decision fields, by action: what the number and date are of.
DECISION_LABELS = {
    "approve": (_("Approval decision number"), _("Approval date")),
    "approve_national": (_("Approval decision number"), _("Approval date")),
    "approve_amendment": (_("Amendment decision number"), _("Amendment decision date")),
    "approve_amendment_national": (
        _("Amendment decision number"),
        _("Amendment decision date"),
    ),
}
AMENDMENTS = frozenset({"start_amendment", "approve_amendment", "approve_amendment_national"})


def default_approver(plan: Plan) -> str:
    if plan.is_national:
        return str(_("Ministry of Industry and Trade"))
    return str(_("People's Committee of %(province)s") % {"province": plan.province.full_name})


class PlanTransitionForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    """The fields an action asks for (decision, approving body, note), from its declaration."""

    def __init__(self, *args, transition, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        labels = DECISION_LABELS.get(transition.name, (None, None))
        if "note" in transition.requires:
            note_label = (
                _("Reason for the amendment") if transition.name in AMENDMENTS else _("Reason")
            )
        else:
            note_label = _("Note")
        available = {
            "decision_number": forms.CharField(
                label=labels[0] or _("Decision number"), max_length=60
            ),
            "decision_date": forms.DateField(
                label=labels[1] or _("Decision date"),
                widget=forms.DateInput,
                initial=timezone.localdate,
            ),
            "approved_by": forms.CharField(
                label=_("Approving body"),
                max_length=200,
                initial=plan.approved_by or default_approver(plan),
            ),
            "note": forms.CharField(label=note_label, widget=forms.Textarea(attrs={"rows": 3})),
        }
        for name in transition.asks:
            field = available[name]
            field.required = name in transition.requires
            self.fields[name] = field
        _style(self)

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.transition.asks}


class ProposeForm(BootstrapFormMixin, forms.Form):
    """A project to put into the plan. The list offers the projects that may be proposed; any
    project the user sees is accepted here, so that the service says why one may not."""

    project = forms.ModelChoiceField(
        label=_("Project to propose"),
        queryset=Project.objects.none(),
        widget=forms.Select(attrs={"data-search": ""}),
    )

    def __init__(self, *args, plan: Plan, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposable = list(services.proposable_projects(plan, user))
        field = self.fields["project"]
        field.queryset = restrict(Project.objects.all(), user)
        field.widget.choices = [
            ("", _("Choose a draft project…")),
            *((p.pk, f"{p.code} — {p.title}") for p in self.proposable),
        ]


@dataclass
class AllocationRow:
    """One (project, funding source) the latest version approved money for."""

    project: Project
    source: FundingSource
    approved_vnd: int
    allocated_vnd: int

    @property
    def remaining_vnd(self) -> int:
        return self.approved_vnd - self.allocated_vnd

    @property
    def field_name(self) -> str:
        return f"amount_{self.project.pk}_{self.source.pk}"

    @property
    def label(self) -> str:
        # As the service names a line in its messages.
        return f"{self.project.code} · {self.source.name}"


class AllocationForm(BootstrapFormMixin, forms.Form):
    decision_number = forms.CharField(label=_("Allocation decision number"), max_length=60)
    decision_date = forms.DateField(
        label=_("Decision date"), widget=forms.DateInput, initial=timezone.localdate
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, rows: list[AllocationRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[row.field_name] = VndField(label=row.label, required=False)
        _style(self)

    def bound_rows(self) -> list[tuple[AllocationRow, forms.BoundField]]:
        return [(row, self[row.field_name]) for row in self.rows]

    def lines(self) -> list[tuple]:
        """(project, source, amount) for every amount typed (empty or zero: nothing)."""
        return [
            (row.project, row.source, self.cleaned_data[row.field_name])
            for row in self.rows
            if self.cleaned_data.get(row.field_name)
        ]

    def field_for_message(self, message: str) -> str | None:
        """The amount field a service message about a line is about (it starts with its label)."""
        for row in self.rows:
            if message.startswith(row.label):
                return row.field_name
        return None


class VersionPickerForm(BootstrapFormMixin, forms.Form):
    a = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    b = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, versions: list[PlanVersion], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, _version_label(v)) for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
        if len(versions) >= 2:
            self.fields["a"].initial = versions[-2].number
            self.fields["b"].initial = versions[-1].number

    def numbers(self) -> tuple[int, int] | None:
        if self.is_bound:
            if self.is_valid():
                return self.cleaned_data["a"], self.cleaned_data["b"]
            return None
        a, b = self.fields["a"].initial, self.fields["b"].initial
        return (a, b) if a is not None else None


def _version_label(version: PlanVersion) -> str:
    return f"{version.number} · {version.decision_number}"
