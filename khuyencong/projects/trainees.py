"""The trainee list of a training project, and the counts computed from it.

When a project has a trainee list, its actual counts of the indicators `trainees`,
`trainees_women` and `trainees_ethnic_minority` are the list's, written on every change to it
(and only for the outputs the project planned): typed actuals cannot contradict the list.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.accounts.roles import Action
from khuyencong.core.scope import in_scope
from khuyencong.core.services import write
from khuyencong.projects.models import Project, ProjectOutput, Trainee
from khuyencong.projects.services import ACTUAL_STATES, check_allowed, may_create
from khuyencong.registry.models import ETHNIC_GROUPS, MAJORITY_ETHNICITY, Gender

COUNTED = ("trainees", "trainees_women", "trainees_ethnic_minority")
TRAINEE_FIELDS = (
    "full_name",
    "gender",
    "birth_year",
    "ethnicity",
    "commune",
    "trade",
    "certificate",
)


def may_keep_trainees(user: User, project: Project) -> bool:
    return (
        may_create(user)
        and project.status in ACTUAL_STATES
        and in_scope(user, project, Action.CHANGE)
    )


def counts(project: Project) -> dict[str, int]:
    totals = Trainee.objects.filter(project=project).aggregate(
        trainees=Count("pk"),
        trainees_women=Count("pk", filter=Q(gender=Gender.FEMALE)),
        trainees_ethnic_minority=Count("pk", filter=~Q(ethnicity=MAJORITY_ETHNICITY)),
    )
    return {key: totals[key] or 0 for key in COUNTED}


def recompute(project: Project) -> None:
    """Write the list's counts as the actuals of the trainee outputs the project planned."""
    values = counts(project)
    for output in ProjectOutput.objects.filter(project=project, indicator__code__in=COUNTED):
        actual = Decimal(values[output.indicator.code])
        if output.actual != actual:
            output.actual = actual
            output.save()


def _clean(values: dict[str, Any], project: Project) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned = {key: values.get(key) for key in TRAINEE_FIELDS}
    for key in ("full_name", "trade", "certificate"):
        cleaned[key] = " ".join(str(values.get(key) or "").split())
    if not cleaned["full_name"]:
        errors["full_name"] = _("Enter the full name.")
    if cleaned["gender"] not in Gender.values:
        errors["gender"] = _("Choose the gender.")
    cleaned["ethnicity"] = cleaned["ethnicity"] or MAJORITY_ETHNICITY
    if cleaned["ethnicity"] not in ETHNIC_GROUPS:
        errors["ethnicity"] = _("Choose one of the 54 ethnic groups.")
    year = cleaned["birth_year"]
    this_year = timezone.localdate().year
    if year is not None and not this_year - 100 <= year <= this_year - 14:
        errors["birth_year"] = _("Enter a year of birth between %(a)d and %(b)d.") % {
            "a": this_year - 100,
            "b": this_year - 14,
        }
    commune = cleaned["commune"]
    if commune is not None and commune.valid_to is not None:
        errors["commune"] = _("Choose a unit in force today (after 1 July 2025).")
    if errors:
        raise ValidationError(errors)
    return cleaned


@write
def trainee_add(*, project: Project, by: User, **values: Any) -> Trainee:
    check_allowed(may_keep_trainees(by, project))
    trainee = Trainee(project=project, **_clean(values, project))
    trainee.save()
    recompute(project)
    return trainee


@write
def trainee_update(*, trainee: Trainee, by: User, **values: Any) -> Trainee:
    check_allowed(may_keep_trainees(by, trainee.project))
    for key, value in _clean(
        {**{k: getattr(trainee, k) for k in TRAINEE_FIELDS}, **values}, trainee.project
    ).items():
        setattr(trainee, key, value)
    trainee.save()
    recompute(trainee.project)
    return trainee


@write
def trainee_remove(*, trainee: Trainee, by: User) -> None:
    check_allowed(may_keep_trainees(by, trainee.project))
    project = trainee.project
    trainee.delete()
    recompute(project)
