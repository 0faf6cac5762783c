"""The home page's counts, each computed within the user's scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.models import Organisation, User
from khuyencong.core.scope import restrict
from khuyencong.geo.models import Commune, Province


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
    if user.role == "collaborator":
        counts[1] = Count(_("Communes you cover"), user.communes.count(), "", "geo-alt")
    return counts
