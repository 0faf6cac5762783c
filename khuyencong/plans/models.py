"""Programmes (a phase with targets) and annual plans (a province's list of projects with their
money), their versions, and the allocation of the approved money in tranches.

A plan is approved once (version 1) and after that only amended: each amendment is a new
version with its decision, so that every earlier state of the plan stays readable.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khuyencong.core.models import DomainModel
from khuyencong.core.scoping import ScopePaths
from khuyencong.policy.models import Programme as ProgrammeKind


class Programme(DomainModel):
    """A khuyến công programme for a phase: the national one (approved by the Prime Minister
    until 2025, by the Minister since) or a province's (approved by its People's Committee)."""

    kind = models.CharField(
        _("programme"), max_length=10, choices=ProgrammeKind.choices, db_index=True
    )
    name = models.CharField(_("name"), max_length=300)
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text=_("Empty for the national programme."),
    )
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    approved_by = models.CharField(_("approved by"), max_length=200, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    legal_basis = models.ForeignKey(
        "policy.LegalBasis",
        verbose_name=_("approving decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    scope_paths = ScopePaths(province="province")

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "kind", "province__name_folded"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="plans_programme_years_in_order",
                violation_error_message=_("The last year must not be before the first."),
            ),
            models.CheckConstraint(
                condition=Q(kind=ProgrammeKind.NATIONAL, province__isnull=True)
                | Q(kind=ProgrammeKind.LOCAL, province__isnull=False),
                name="plans_programme_province_by_kind",
                violation_error_message=_(
                    "A provincial programme has its province; the national one has none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:programme_detail", args=[self.pk])


class ProgrammeTarget(DomainModel):
    """What the programme is to achieve over its phase, per indicator."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(
        "policy.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    scope_paths = ScopePaths(province="programme__province")

    class Meta:
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")
        ordering = ["programme", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "indicator"], name="plans_target_per_indicator"
            ),
            models.CheckConstraint(condition=Q(target__gte=0), name="plans_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.target}"


class PlanStatus(models.TextChoices):
    REGISTRATION = "registration", _("Registration open")
    CONSOLIDATED = "consolidated", _("Consolidated")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    AMENDING = "amending", _("Amendment in preparation")


class Plan(DomainModel):
    """A province's annual plan of one programme kind: its local plan (approved by the
    provincial People's Committee) or its national-fund plan (approved by the ministry)."""

    kind = models.CharField(
        _("programme"), max_length=10, choices=ProgrammeKind.choices, db_index=True
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="plans"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme (phase)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    title = models.CharField(_("title of the plan"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.REGISTRATION,
        db_index=True,
    )
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    mid_year_report_due = models.DateField(_("mid-year report due"), null=True, blank=True)
    year_end_report_due = models.DateField(_("year-end report due"), null=True, blank=True)
    approved_by = models.CharField(_("approving body"), max_length=200, blank=True)
    decision_number = models.CharField(_("approval decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("approval date"), null=True, blank=True)
    approved_total_vnd = models.PositiveBigIntegerField(
        _("approved total (VND)"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    scope_paths = ScopePaths(province="province")

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year", "province__name_folded", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "kind"], name="plans_one_plan_per_province_year_kind"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.pk])

    @property
    def is_national(self) -> bool:
        return self.kind == ProgrammeKind.NATIONAL


class PlanItem(DomainModel):
    """A project in a plan. A project is in at most one plan of a year (carried over, it may
    appear in the next year's plan too)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    proposed_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_selected = models.BooleanField(
        _("kept in the plan"),
        default=True,
        help_text=_("Proposals the department leaves out are kept, unselected, for the record."),
    )

    scope_paths = ScopePaths(province="plan__province")

    class Meta:
        verbose_name = _("project of a plan")
        verbose_name_plural = _("projects of a plan")
        ordering = ["plan", "project__code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="plans_project_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.project.code}"


class PlanVersion(models.Model):
    """The plan as approved (1) and after each amendment (2, 3, …): its projects and money."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    reason = models.TextField(_("reason"), blank=True)
    total_vnd = models.PositiveBigIntegerField(_("total (VND)"))
    data = models.JSONField(_("contents"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_paths = ScopePaths(province="plan__province")

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class Allocation(DomainModel):
    """A tranche (đợt) of the approved money given to the plan's projects, by decision."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="allocations"
    )
    number = models.PositiveSmallIntegerField(_("tranche"))
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    note = models.TextField(_("note"), blank=True)

    scope_paths = ScopePaths(province="plan__province")

    class Meta:
        verbose_name = _("allocation tranche")
        verbose_name_plural = _("allocation tranches")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_tranche_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.number}"


class AllocationLine(DomainModel):
    allocation = models.ForeignKey(
        Allocation, verbose_name=_("tranche"), on_delete=models.CASCADE, related_name="lines"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey(
        "policy.FundingSource",
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))

    scope_paths = ScopePaths(province="allocation__plan__province")

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["allocation", "project__code", "source__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "project", "source"], name="plans_allocation_line_unique"
            ),
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="plans_allocation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.allocation} · {self.project_id} · {self.source}"
