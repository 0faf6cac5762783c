"""Reads of the policy reference data (global data: every signed-in user may read it)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value

from khuyencong.geo.models import AreaClass, Province
from khuyencong.policy.models import (
    ActivityContent,
    EstablishmentKind,
    FundingSource,
    Indicator,
    LegalBasis,
    Programme,
    SupportRule,
)


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


def indicators_for(activity_content: ActivityContent | None = None) -> QuerySet[Indicator]:
    """The active indicators, in order; with a content, those planned for it come first.

    Each row has `is_suggested`: linked to the content (always False without one).
    """
    indicators = Indicator.objects.filter(is_active=True)
    if activity_content is None:
        return indicators.annotate(is_suggested=Value(False)).order_by("order", "code")
    linked = Indicator.activity_contents.through.objects.filter(
        indicator=OuterRef("pk"), activitycontent=activity_content
    )
    return indicators.annotate(is_suggested=Exists(linked)).order_by(
        F("is_suggested").desc(), "order", "code"
    )


def support_rules_for(
    *,
    activity_content: ActivityContent,
    programme: str,
    province: Province | None = None,
    area_classes: Iterable[AreaClass] = (),
    on: datetime.date,
) -> QuerySet[SupportRule]:
    """The support rules in force `on` a day for an activity content, most specific first.

    National rules apply to both programmes; a local project (programme "local") also gets the
    rules its province's People's Council set, which come first. A rule limited to an area class
    applies only when that class is among `area_classes` (those of the establishment's commune).
    Order: the province's rules before national ones, area-specific before any-area, then the
    latest to take effect. The first rule is the one to apply; the others are fallbacks.
    """
    if programme not in Programme.values:
        raise ValueError(f"Unknown programme {programme!r}")
    applies = Q(programme=Programme.NATIONAL, province__isnull=True)
    if programme == Programme.LOCAL and province is not None:
        applies |= Q(programme=Programme.LOCAL, province=province)
    classes = [area.pk if isinstance(area, AreaClass) else area for area in area_classes]
    return (
        SupportRule.objects.in_force_on(on)
        .filter(applies, activity_contents=activity_content)
        .filter(Q(area_class__isnull=True) | Q(area_class__in=classes))
        .select_related("legal_basis", "province", "area_class")
        .order_by(
            F("province_id").asc(nulls_last=True),
            F("area_class_id").asc(nulls_last=True),
            "-effective_from",
            "code",
        )
    )
