"""The trainee list of training projects in and out of Excel/CSV: one row per trainee, the
project by its code; the project's trainee counts follow the list (see `projects.trainees`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.roles import Action
from khuyencong.core.actor import current_actor
from khuyencong.core.importexport.columns import (
    ChoiceColumn,
    IntegerColumn,
    LookupColumn,
    TextColumn,
)
from khuyencong.core.importexport.places import find_commune
from khuyencong.core.importexport.spec import ImportSpec
from khuyencong.core.scope import restrict
from khuyencong.projects import trainees
from khuyencong.projects.models import Project, Trainee
from khuyencong.registry.models import ETHNICITY_CHOICES, Gender


def _user():
    actor = current_actor()
    return actor.user if actor else None


def _find_project(text: str, row: dict[str, Any]) -> Project | None:
    return restrict(Project.objects.all(), _user(), Action.CHANGE).filter(code=text.strip()).first()


def _find_commune(text: str, row: dict[str, Any]):
    project = row.get("project")
    return find_commune(text, {"province": project.province if project else None})


class TraineeSpec(ImportSpec):
    slug = "trainees"
    model = Trainee
    title = _("Trainees of training projects")
    list_url_name = "projects:list"

    def __init__(self) -> None:
        self.columns = [
            LookupColumn(
                "project",
                _("Project code"),
                required=True,
                find=_find_project,
                display=lambda p: p.code,
                help=_("The code of a training project of your province, e.g. DP-33-2026-001."),
                not_found=_("No project with the code “%(value)s” in your area of work."),
                example="DP-33-2026-001",
            ),
            TextColumn("full_name", _("Full name"), required=True, max_length=150),
            ChoiceColumn("gender", _("Gender"), required=True, choices=Gender.choices),
            IntegerColumn("birth_year", _("Year of birth"), minimum=1900, maximum=2100),
            ChoiceColumn(
                "ethnicity",
                _("Ethnic group"),
                choices=ETHNICITY_CHOICES,
                help=_("Empty: Kinh."),
                example="Tày",
            ),
            LookupColumn(
                "commune",
                _("Commune"),
                find=_find_commune,
                display=lambda c: c.full_name,
                help=_("Today's commune or ward of the trainee, in the project's province."),
                not_found=_("No commune or ward called “%(value)s” in the province today."),
            ),
            TextColumn("trade", _("Trade"), max_length=200),
            TextColumn("certificate", _("Certificate"), max_length=60),
        ]

    def may_import(self, user: Any) -> bool:
        return super().may_import(user) and trainees.may_create(user)

    def base_queryset(self):
        return Trainee.objects.select_related("project", "commune")

    def export_queryset(self, request):
        rows = restrict(self.base_queryset(), request.user, Action.VIEW)
        project = request.GET.get("project", "")
        if project.isdecimal():
            rows = rows.filter(project_id=int(project))
        return rows.order_by("project__code", "full_name", "pk")

    def create(self, *, values, user):
        fields = {k: v for k, v in values.items() if k not in {"id", "project"}}
        return trainees.trainee_add(project=values["project"], by=user, **fields)

    def update(self, *, instance, values, user):
        fields = {k: v for k, v in values.items() if k not in {"id", "project"}}
        return trainees.trainee_update(trainee=instance, by=user, **fields)
