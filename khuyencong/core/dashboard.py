"""The home page's counts, each computed within the user's scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Organisation, User
from khuyencong.core.scope import restrict
from khuyencong.geo.models import Commune, Province
from khuyencong.registry.models import Collaborator, CraftVillage, Establishment


@dataclass(frozen=True)
class Count:
    label: str | Promise
    value: int
    url: str = ""
    icon: str = "bar-chart"


def home_counts(user: User) -> list[Count]:
    """Counts a user sees on the home page. Each module adds its own as it lands."""
    communes = Commune.objects.current()
    if user.is_national:
        provinces = Province.objects.current().count()
    else:
        provinces = 1 if user.province_id else 0
        communes = communes.filter(province_id=user.province_id)
    counts = [
        Count(_("Provinces and cities"), provinces, reverse("geo:province_list"), "map"),
        Count(_("Communes, wards and special zones"), communes.count(), "", "geo-alt"),
        Count(
            _("Organisations"),
            restrict(Organisation.objects.all(), user).count(),
            reverse("accounts:organisation_list"),
            "building",
        ),
        Count(
            _("User accounts"),
            restrict(User.objects.filter(is_active=True), user).count(),
            "",
            "people",
        ),
    ]
    counts += _project_counts(user) + _registry_counts(user)
    if user.role == "collaborator":
        counts[1] = Count(_("Communes you cover"), user.communes.count(), "", "geo-alt")
    return counts


def _project_counts(user: User) -> list[Count]:
    from khuyencong.projects.models import Project

    projects = restrict(Project.objects.all(), user)
    this_year = timezone.localdate().year
    return [
        Count(
            _("Projects this year"),
            projects.filter(year=this_year).count(),
            f"{reverse('projects:list')}?year={this_year}",
            "kanban",
        ),
        Count(
            _("Overdue projects"),
            projects.overdue().count(),
            f"{reverse('projects:list')}?overdue=true",
            "alarm",
        ),
    ]


def _registry_counts(user: User) -> list[Count]:
    return [
        Count(
            _("Establishments"),
            restrict(Establishment.objects.filter(merged_into__isnull=True), user).count(),
            reverse("registry:establishment_list"),
            "shop",
        ),
        Count(
            _("Craft villages"),
            restrict(CraftVillage.objects.all(), user).count(),
            reverse("registry:craft_village_list"),
            "houses",
        ),
        Count(
            _("Active collaborators"),
            restrict(Collaborator.objects.active_on(timezone.localdate()), user).count(),
            reverse("registry:collaborator_list"),
            "person-badge",
        ),
    ]
