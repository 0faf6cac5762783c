"""Projects (đề án khuyến công): the record, its money, its planned outputs and its documents.

Totals are never stored: they are computed from the budget lines and the transactions. A project
keeps the legal basis it was approved under; the life cycle is in `workflow.py`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.core.models import DomainModel
from khuyencong.core.scoping import ScopePaths
from khuyencong.core.stored_files import StoredFile
from khuyencong.core.text import fold
from khuyencong.policy.models import Programme
from khuyencong.registry.models import ETHNICITY_CHOICES, MAJORITY_ETHNICITY, Gender


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPRAISED = "appraised", _("Appraised")
    SENT_TO_MINISTRY = "sent_to_ministry", _("Sent to the ministry")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    AMENDMENT_REQUESTED = "amendment_requested", _("Amendment requested")
    SUSPENDED = "suspended", _("Suspended")
    ACCEPTED = "accepted", _("Accepted")
    SETTLED = "settled", _("Settled")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# States in which the project is under way: past its planned end it is overdue.
RUNNING_STATES = frozenset(
    {Status.APPROVED, Status.IN_PROGRESS, Status.AMENDMENT_REQUESTED, Status.SUSPENDED}
)
# States in which everything about the proposal may still be edited.
EDITABLE_STATES = frozenset({Status.DRAFT, Status.RETURNED})
# States after approval in which money moves and outputs are reported.
MONEY_STATES = frozenset(
    {
        Status.APPROVED,
        Status.IN_PROGRESS,
        Status.AMENDMENT_REQUESTED,
        Status.SUSPENDED,
        Status.ACCEPTED,
    }
)
ENDED_STATES = frozenset({Status.CLOSED, Status.REJECTED, Status.CANCELLED})


class AppraisalResult(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    AGREED_WITH_CHANGES = "agreed_with_changes", _("Agreed with changes")


class ProjectQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None) -> ProjectQuerySet:
        today = today or timezone.localdate()
        return self.filter(status__in=RUNNING_STATES, planned_end__lt=today)


class Project(DomainModel):
    code = models.CharField(_("code"), max_length=40, unique=True, editable=False)
    title = models.CharField(_("project title"), max_length=500)
    search_key = models.CharField(max_length=600, db_index=True, editable=False)
    programme = models.CharField(
        _("programme"), max_length=10, choices=Programme.choices, db_index=True
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    province_then = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province as recorded then"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_basis = models.ForeignKey(
        "policy.LegalBasis",
        verbose_name=_("legal basis"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    activity_content = models.ForeignKey(
        "policy.ActivityContent",
        verbose_name=_("activity content"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    lead_unit = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    implementing_unit = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("implementing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="implemented_projects",
    )
    establishments = models.ManyToManyField(
        "registry.Establishment",
        verbose_name=_("beneficiary establishments"),
        blank=True,
        related_name="projects",
    )
    craft_villages = models.ManyToManyField(
        "registry.CraftVillage",
        verbose_name=_("beneficiary craft villages"),
        blank=True,
        related_name="projects",
    )
    communes = models.ManyToManyField(
        "geo.Commune",
        verbose_name=_("places (today's communes)"),
        blank=True,
        related_name="projects",
    )
    districts_then = models.ManyToManyField(
        "geo.District",
        verbose_name=_("places as recorded then (districts)"),
        blank=True,
        related_name="+",
    )
    communes_then = models.ManyToManyField(
        "geo.Commune",
        verbose_name=_("places as recorded then (communes)"),
        blank=True,
        related_name="+",
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True, db_index=True)
    is_pilot = models.BooleanField(_("pilot project"), default=False)
    is_group = models.BooleanField(_("group project"), default=False)
    is_multi_year = models.BooleanField(_("multi-year"), default=False)
    objectives = models.TextField(_("objectives"), blank=True)
    description = models.TextField(_("description"), blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officers"),
        blank=True,
        related_name="responsible_projects",
    )

    support_rule = models.ForeignKey(
        "policy.SupportRule",
        verbose_name=_("support rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    eligible_cost_vnd = models.PositiveBigIntegerField(
        _("eligible cost (VND)"), null=True, blank=True
    )
    support_units = models.PositiveIntegerField(
        _("units supported"),
        default=1,
        help_text=_("Models, establishments, enterprises… the cap applies to each."),
    )
    cap_justification = models.TextField(_("legal justification for exceeding the cap"), blank=True)

    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    resume_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    appraisal_result = models.CharField(
        _("appraisal result"), max_length=30, choices=AppraisalResult.choices, blank=True
    )
    appraisal_opinion = models.TextField(_("appraisal opinion"), blank=True)
    approval_number = models.CharField(_("approval decision number"), max_length=60, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True, db_index=True)
    contract_number = models.CharField(_("contract number"), max_length=60, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    acceptance_number = models.CharField(_("acceptance record number"), max_length=60, blank=True)
    acceptance_date = models.DateField(_("acceptance date"), null=True, blank=True)
    settlement_number = models.CharField(_("settlement decision number"), max_length=60, blank=True)
    settlement_date = models.DateField(_("settlement date"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    carried_over_from = models.PositiveSmallIntegerField(
        _("carried over from year"), null=True, blank=True
    )
    is_historical = models.BooleanField(
        _("historical record"),
        default=False,
        help_text=_("Imported from an earlier list; its places may be the units of the time."),
    )

    objects = ProjectQuerySet.as_manager()

    scope_paths = ScopePaths(province="province", establishment="establishments")
    history_exclude = DomainModel.history_exclude | {"search_key", "resume_status"}

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-year", "code"]
        indexes = [
            models.Index(fields=["province", "year", "status"], name="projects_prov_year_idx"),
            models.Index(fields=["status", "planned_end"], name="projects_overdue_idx"),
            # The list's default order: its first page is read from the index, not sorted.
            models.Index(fields=["-year", "code", "id"], name="projects_list_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="projects_planned_dates_in_order",
                violation_error_message=_("The planned end must not be before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(support_units__gte=1),
                name="projects_support_units_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}" if self.code else self.title

    def save(self, *args, **kwargs):
        self.set_search_key()
        super().save(*args, **kwargs)

    def set_search_key(self) -> None:
        """What the list's search reads (also set by code that creates projects in bulk)."""
        self.search_key = fold(f"{self.code} {self.title}")[:600]

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in RUNNING_STATES
            and self.planned_end is not None
            and self.planned_end < timezone.localdate()
        )

    @property
    def is_national(self) -> bool:
        return self.programme == Programme.NATIONAL


class ProjectSequence(models.Model):
    """The last number given to a project of a province in a year (codes are never reused)."""

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="projects_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.province_id}/{self.year}: {self.last}"


class BudgetLine(DomainModel):
    """The money of one funding source: proposed, approved, revised by amendments, settled."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    source = models.ForeignKey(
        "policy.FundingSource",
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_vnd = models.PositiveBigIntegerField(_("proposed (VND)"), default=0)
    approved_vnd = models.PositiveBigIntegerField(_("approved (VND)"), null=True, blank=True)
    revised_vnd = models.PositiveBigIntegerField(_("revised (VND)"), null=True, blank=True)
    settled_vnd = models.PositiveBigIntegerField(_("settled (VND)"), null=True, blank=True)

    scope_paths = ScopePaths(province="project__province", establishment="project__establishments")

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["project", "source__order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "source"], name="projects_budget_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.source}"

    @property
    def current_vnd(self) -> int:
        """What the project may spend from this source now: revised, else approved, else
        proposed (before approval)."""
        for value in (self.revised_vnd, self.approved_vnd):
            if value is not None:
                return value
        return self.proposed_vnd


class MoneyMovement(DomainModel):
    """A transaction on a project's money: an advance, a payment, a refund or the settlement."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", _("Advance")
        PAYMENT = "payment", _("Payment")
        REFUND = "refund", _("Refund")
        SETTLEMENT = "settlement", _("Settlement payment")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="movements"
    )
    source = models.ForeignKey(
        "policy.FundingSource",
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=60)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_paths = ScopePaths(province="project__province", establishment="project__establishments")

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["project", "date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="projects_movement_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_number}"

    @property
    def signed_vnd(self) -> int:
        return -self.amount_vnd if self.kind == self.Kind.REFUND else self.amount_vnd


class ProjectOutput(DomainModel):
    """A planned output (indicator target); the actual is reported at acceptance."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="outputs"
    )
    indicator = models.ForeignKey(
        "policy.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(
        _("actual"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_paths = ScopePaths(province="project__province", establishment="project__establishments")

    class Meta:
        verbose_name = _("planned output")
        verbose_name_plural = _("planned outputs")
        ordering = ["project", "indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "indicator"], name="projects_output_unique"),
            models.CheckConstraint(condition=Q(target__gte=0), name="projects_output_target_pos"),
            models.CheckConstraint(
                condition=Q(actual__isnull=True) | Q(actual__gte=0),
                name="projects_output_actual_pos",
            ),
        ]

    def __str__(self) -> str:
        return str(self.indicator)


class DocumentKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal dossier")
    APPRAISAL_MINUTES = "appraisal_minutes", _("Appraisal minutes")
    APPROVAL_DECISION = "approval_decision", _("Approval decision")
    CONTRACT = "contract", _("Contract")
    ACCEPTANCE_RECORD = "acceptance_record", _("Acceptance record")
    SETTLEMENT_REPORT = "settlement_report", _("Settlement report")
    AMENDMENT_DECISION = "amendment_decision", _("Amendment decision")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other document")


class ProjectDocument(StoredFile):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="documents"
    )
    document_kind = models.CharField(
        _("document type"), max_length=30, choices=DocumentKind.choices, db_index=True
    )
    title = models.CharField(pgettext_lazy("document", "title"), max_length=255, blank=True)

    scope_paths = ScopePaths(province="project__province", establishment="project__establishments")

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        ordering = ["project", "document_kind", "created_at"]

    def __str__(self) -> str:
        return self.title or self.original_name


class ProjectVersion(models.Model):
    """The project as approved (version 1) and after each approved amendment (2, 3, …):
    schedule, beneficiaries, places and money, with the decision. Earlier versions stay."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("contents"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_paths = ScopePaths(province="project__province", establishment="project__establishments")

    class Meta:
        verbose_name = _("project version")
        verbose_name_plural = _("project versions")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="projects_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} v{self.number}"


class Trainee(DomainModel):
    """A person trained by a training project; the project's trainee counts (all, women,
    ethnic minority) are computed from its list when it has one."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="trainees"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    ethnicity = models.CharField(
        _("ethnic group"), max_length=30, choices=ETHNICITY_CHOICES, default=MAJORITY_ETHNICITY
    )
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    trade = models.CharField(_("trade"), max_length=200, blank=True)
    certificate = models.CharField(
        _("certificate"), max_length=60, blank=True, help_text=_("Number of the certificate.")
    )

    scope_paths = ScopePaths(province="project__province", establishment="project__establishments")

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["project", "full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_ethnic_minority(self) -> bool:
        return self.ethnicity != MAJORITY_ETHNICITY
