"""Reads of the policy reference data (global data: every signed-in user may read it)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from khuyencong.policy.models import ActivityContent, EstablishmentKind, FundingSource, LegalBasis


def legal_basis_for_projects_on(day: datetime.date) -> LegalBasis | None:
    """The legal basis a project approved on `day` is approved under.

    Of the project bases in force that day, the latest to take effect: an amending decree
    (235/2025) takes over from the decree it amends (45/2012), which stays in force itself.
    """
    return (
        LegalBasis.objects.project_bases()
        .in_force_on(day)
        .order_by("-effective_from", "-pk")
        .first()
    )


def activity_contents_for(
    legal_basis: LegalBasis, on: datetime.date | None = None
) -> QuerySet[ActivityContent]:
    """The activity contents of `legal_basis`, in order; only those in force `on` a day if given."""
    contents = ActivityContent.objects.filter(legal_basis=legal_basis).select_related("legal_basis")
    if on is not None:
        contents = contents.in_force_on(on)
    return contents.order_by("order", "code")


def funding_sources() -> QuerySet[FundingSource]:
    return FundingSource.objects.order_by("order", "code")


def establishment_kinds() -> QuerySet[EstablishmentKind]:
    return EstablishmentKind.objects.order_by("order", "code")
