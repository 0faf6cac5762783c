"""Monitoring forms. Forms only parse; every rule is checked by the services (and reported next to
the field the service names)."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import Role
from khuyencong.core.forms import BootstrapFormMixin, RemoteSelect, VersionedFormMixin, VndField
from khuyencong.core.scope import restrict
from khuyencong.core.uploads import PHOTOS, UploadField
from khuyencong.geo.models import Province
from khuyencong.monitoring import services
from khuyencong.monitoring.models import (
    Answer,
    EquipmentUse,
    Finding,
    Inspection,
    InspectionPlan,
    Severity,
    SurveyStatus,
)
from khuyencong.monitoring.workflow import DATE_LABELS
from khuyencong.projects.models import Project
from khuyencong.registry.models import Establishment


def _user_label(user: User) -> str:
    return user.get_full_name() or user.username


def _people(user: User, province_id: int | None):
    """Active staff (no establishment accounts) of the province, within the user's scope."""
    rows = User.objects.filter(is_active=True).exclude(role=Role.ESTABLISHMENT)
    if province_id is not None:
        rows = rows.filter(province_id=province_id)
    return restrict(rows, user).order_by("last_name", "first_name", "username")


class CoordinateField(forms.CharField):
    """A latitude or longitude typed with a dot or a comma; the service checks the range."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")


class PlanForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.current().order_by("name_folded"),
        widget=forms.Select(attrs={"data-search": ""}),
    )
    year = forms.IntegerField(label=_("Year"))
    title = forms.CharField(label=pgettext_lazy("name", "Title"), max_length=300)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = forms.DateField(
        label=_("Decision date"), required=False, widget=forms.DateInput
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user: User, plan: InspectionPlan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        province_id = plan.province_id if plan is not None else user.province_id
        if province_id is not None and not (plan is None and user.is_national):
            self.fields["province"].queryset = Province.objects.filter(pk=province_id)
            self.fields["province"].initial = province_id
            self.fields["province"].disabled = True
        if plan is None:
            self.fields["year"].initial = timezone.localdate().year

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in services.PLAN_FIELDS}


class InspectionForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Inspection plan"),
        queryset=InspectionPlan.objects.none(),
        required=False,
        empty_label=_("None (ad-hoc inspection)"),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.all(),
        required=False,
        empty_label=_("Search by code or title"),
        widget=RemoteSelect(reverse_lazy("monitoring:project_search")),
        help_text=_("An approved project, not cancelled."),
    )
    establishment = forms.ModelChoiceField(
        label=_("Establishment"),
        queryset=Establishment.objects.all(),
        required=False,
        empty_label=_("Search by name or tax code"),
        widget=RemoteSelect(reverse_lazy("monitoring:establishment_search")),
        help_text=_(
            "An establishment that received support; with a project: one of its beneficiaries."
        ),
    )
    planned_date = forms.DateField(label=_("Planned date"), widget=forms.DateInput)
    team_members = forms.CharField(
        label=_("Team members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names and units, e.g. Nguyễn Văn A (Sở Công Thương)."),
    )
    team_users = forms.ModelMultipleChoiceField(
        label=_("Team members with an account"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-search": ""}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user: User, inspection: Inspection | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        plans = restrict(InspectionPlan.objects.select_related("province"), user)
        if user.role == Role.COLLABORATOR and not user.is_superuser:
            plans = plans.none()
            if inspection is not None and inspection.plan_id is not None:
                plans = InspectionPlan.objects.filter(pk=inspection.plan_id)
        self.fields["plan"].queryset = plans.order_by("-year", "pk")
        self.fields["plan"].label_from_instance = lambda p: f"{p.year} · {p.title}"
        province_id = inspection.province_id if inspection is not None else user.province_id
        self.fields["team_users"].queryset = _people(user, province_id)
        self.fields["team_users"].label_from_instance = _user_label
        if inspection is not None and inspection.status == "done":
            for name in ("project", "establishment"):
                self.fields[name].disabled = True

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in services.INSPECTION_FIELDS}

    @staticmethod
    def initial_for(inspection: Inspection) -> dict:
        initial = {k: getattr(inspection, k) for k in services.INSPECTION_FIELDS}
        initial["team_users"] = list(inspection.team_users.all())
        initial["version"] = inspection.version
        return initial


class RecordForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    """The visit: date, GPS point, conclusion, and one answer + comment per checklist question
    (fields `answer_<item>` and `comment_<item>`, built from the questions)."""

    actual_date = forms.DateField(label=_("Date of the visit"), widget=forms.DateInput)
    latitude = CoordinateField(label=_("Latitude"), help_text=_("e.g. 20.936921"))
    longitude = CoordinateField(label=_("Longitude"), help_text=_("e.g. 106.051872"))
    summary = forms.CharField(
        label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, questions: list[tuple[int | None, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for item_id, text in questions:
            self.fields[f"answer_{item_id}"] = forms.ChoiceField(
                label=text,
                choices=[("", "—"), *Answer.choices],
                required=False,
                widget=forms.Select(
                    attrs={"class": "form-select form-select-sm", "aria-label": _("Answer")}
                ),
            )
            self.fields[f"comment_{item_id}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=500,
                widget=forms.TextInput(
                    attrs={"class": "form-control form-control-sm", "placeholder": _("Comment")}
                ),
            )

    def rows(self) -> list[dict]:
        """Question fields side by side, for the template."""
        return [
            {
                "text": text,
                "answer": self[f"answer_{item_id}"],
                "comment": self[f"comment_{item_id}"],
            }
            for item_id, text in self.questions
        ]

    def answers(self) -> list[dict]:
        return [
            {
                "item": item_id,
                "answer": self.cleaned_data.get(f"answer_{item_id}") or "",
                "comment": self.cleaned_data.get(f"comment_{item_id}") or "",
            }
            for item_id, _text in self.questions
        ]

    def add_answer_errors(self, messages: list[str]) -> None:
        for message in messages:
            self.add_error(None, message)


class CancelForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    severity = forms.ChoiceField(label=_("Severity"), choices=[("", "—"), *Severity.choices])
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 4}))


class PhotoForm(BootstrapFormMixin, forms.Form):
    upload = UploadField(label=_("Photo"), allowed=PHOTOS)
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)


class FollowUpForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    finding = forms.ModelChoiceField(
        label=_("Finding"), queryset=Finding.objects.none(), required=False, empty_label="—"
    )
    action = forms.CharField(label=_("Action required"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_user = forms.ModelChoiceField(
        label=_("Owner (user)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.Select(attrs={"data-search": ""}),
        empty_label="—",
    )
    owner_name = forms.CharField(
        label=_("Owner (organisation)"),
        max_length=255,
        required=False,
        help_text=_("The organisation responsible, when it is not a user of the system."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput)

    def __init__(self, *args, user: User, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = inspection.findings.order_by("pk")
        self.fields["finding"].label_from_instance = lambda f: (
            f"[{f.get_severity_display()}] {f.text[:100]}"
        )
        self.fields["owner_user"].queryset = _people(user, inspection.province_id)
        self.fields["owner_user"].label_from_instance = _user_label

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in services.FOLLOW_UP_FIELDS}


class FollowUpActionForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    """The fields a follow-up action asks for (date, note), built from its declaration."""

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if "decision_date" in transition.asks:
            self.fields["decision_date"] = forms.DateField(
                label=DATE_LABELS.get(transition.name, _("Date")),
                widget=forms.DateInput(
                    attrs={"class": "form-control", "data-date": "", "placeholder": _("dd/mm/yyyy")}
                ),
                initial=timezone.localdate(),
                required="decision_date" in transition.requires,
            )
            self.fields["decision_date"].widget.format = "%d/%m/%Y"
        if "note" in transition.asks:
            self.fields["note"] = forms.CharField(
                label=_("Closing note") if transition.name == "close" else _("Note"),
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                required="note" in transition.requires,
            )

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.transition.asks}


class SurveyCreateForm(BootstrapFormMixin, forms.Form):
    establishment = forms.ModelChoiceField(
        label=_("Establishment"),
        queryset=Establishment.objects.all(),
        empty_label=_("Search by name or tax code"),
        widget=RemoteSelect(reverse_lazy("monitoring:establishment_search")),
    )
    project = forms.ModelChoiceField(
        label=_("Project that supported it"),
        queryset=Project.objects.all(),
        empty_label=_("Search by code or title"),
        widget=RemoteSelect(reverse_lazy("monitoring:project_search")),
    )
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SurveyForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Result"),
        choices=[
            (SurveyStatus.DONE, _("Surveyed")),
            (SurveyStatus.NOT_REACHABLE, _("Not reachable")),
        ],
        widget=forms.RadioSelect,
    )
    surveyed_on = forms.DateField(label=_("Date of the survey"), widget=forms.DateInput)
    equipment_in_use = forms.ChoiceField(
        label=_("Equipment (or model) in use"),
        choices=[("", "—"), *EquipmentUse.choices],
        required=False,
    )
    workers = forms.IntegerField(label=_("Workers"), min_value=0, required=False)
    women_workers = forms.IntegerField(label=_("Women workers"), min_value=0, required=False)
    revenue_vnd = VndField(
        label=_("Revenue over the last 12 months (VND)"),
        required=False,
    )
    cost_change_percent = forms.DecimalField(
        label=_("Change in production cost (%)"),
        required=False,
        max_digits=6,
        decimal_places=1,
        localize=True,
        help_text=_("Negative when the cost went down, e.g. -15."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio list is styled by the template, not as one form control.
        self.fields["status"].widget.attrs["class"] = "form-check-input"

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in services.SURVEY_ANSWERS}
