"""Results and monitoring: inspection plans and inspections (checklist answers, findings, photos,
GPS point, follow-up actions) and the surveys of establishments after support.

Every write goes through `services.py`; the follow-ups' life cycle is in `workflow.py`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khuyencong.core.models import DomainModel
from khuyencong.core.scoping import ScopePaths
from khuyencong.core.stored_files import StoredFile
from khuyencong.core.text import fold
from khuyencong.core.uploads import PHOTOS

# --- configuration (administrators) ------------------------------------------------------------


class ChecklistItem(DomainModel):
    """One question of the inspection checklist. It applies to inspections of the activity
    contents it names, or to every inspection when it names none."""

    text = models.CharField(_("question"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    activity_contents = models.ManyToManyField(
        "policy.ActivityContent",
        verbose_name=_("activity contents"),
        blank=True,
        related_name="+",
        help_text=_("The contents this question is asked for; none: every inspection."),
    )
    is_active = models.BooleanField(_("in use"), default=True, db_index=True)

    scope_paths = ScopePaths.global_data()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyRule(DomainModel):
    """Projects of this activity content get after-support surveys of their beneficiaries when
    they are accepted (machinery, demonstration models, technology transfer)."""

    activity_content = models.OneToOneField(
        "policy.ActivityContent",
        verbose_name=_("activity content"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("in use"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_paths = ScopePaths.global_data()

    class Meta:
        verbose_name = _("survey rule")
        verbose_name_plural = _("survey rules")
        ordering = ["activity_content__legal_basis__effective_from", "activity_content__order"]

    def __str__(self) -> str:
        return str(self.activity_content)


# --- inspections -------------------------------------------------------------------------------


class InspectionPlan(DomainModel):
    """The yearly inspection plan of a province (kế hoạch kiểm tra, giám sát)."""

    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="inspection_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = models.CharField(_("title"), max_length=300)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope_paths = ScopePaths(province="province")

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "province__name_folded"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year"],
                name="monitoring_one_plan_per_province_year",
                violation_error_message=_("This province already has a plan for this year."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:plan_detail", args=[self.pk])


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Inspection(DomainModel):
    """A visit to a project or to an establishment that received support, planned within a
    yearly plan or ad hoc. The checklist answers, findings, photos and follow-ups hang off it."""

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("inspection plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
        help_text=_("Empty for an ad-hoc inspection."),
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    establishment = models.ForeignKey(
        "registry.Establishment",
        verbose_name=_("establishment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    team_members = models.TextField(
        _("team members"), blank=True, help_text=_("Names and units of the members, as text.")
    )
    team_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team members with an account"),
        blank=True,
        related_name="inspections",
    )
    planned_date = models.DateField(_("planned date"), db_index=True)
    actual_date = models.DateField(_("date of the visit"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
        db_index=True,
    )
    note = models.TextField(_("note"), blank=True)
    summary = models.TextField(_("conclusion"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    search_key = models.CharField(max_length=600, db_index=True, editable=False)

    scope_paths = ScopePaths(province="province")
    history_exclude = DomainModel.history_exclude | {"search_key"}

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_date", "-pk"]
        indexes = [
            models.Index(fields=["province", "status", "planned_date"], name="monitoring_insp_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(establishment__isnull=False),
                name="monitoring_inspection_has_subject",
                violation_error_message=_("Choose the project or the establishment inspected."),
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="monitoring_inspection_gps_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_label} — {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.search_key = fold(self.subject_label)[:600]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("monitoring:inspection_detail", args=[self.pk])

    @property
    def subject_label(self) -> str:
        parts = []
        if self.project_id is not None:
            parts.append(str(self.project))
        if self.establishment_id is not None:
            parts.append(self.establishment.name)
        return " · ".join(parts)

    @property
    def date(self) -> datetime.date:
        """The day of the visit: the actual date once recorded, else the planned one."""
        return self.actual_date or self.planned_date

    @property
    def is_ad_hoc(self) -> bool:
        return self.plan_id is None

    @property
    def has_gps(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_APPLICABLE = "na", _("Not applicable")


class InspectionAnswer(DomainModel):
    """The answer to one checklist question, with the question's text as it was asked."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("checklist item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )
    item_text = models.CharField(_("question"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    answer = models.CharField(_("answer"), max_length=3, choices=Answer.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    scope_paths = ScopePaths(province="inspection__province")

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["inspection", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item"], name="monitoring_one_answer_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_text}: {self.get_answer_display()}"


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Finding(DomainModel):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT, related_name="findings"
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, db_index=True
    )
    text = models.TextField(_("finding"))

    scope_paths = ScopePaths(province="inspection__province")

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class InspectionPhoto(StoredFile):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT, related_name="photos"
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    allowed_kinds = PHOTOS
    scope_paths = ScopePaths(province="inspection__province")

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        ordering = ["inspection", "created_at", "pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CLOSED = "closed", _("Closed")


class FollowUpQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None) -> FollowUpQuerySet:
        """Deadline passed and neither done nor closed."""
        today = today or timezone.localdate()
        return self.filter(status=FollowUpStatus.OPEN, deadline__lt=today)


class FollowUp(DomainModel):
    """An action an inspection asks for: who does it (a user or an organisation), by when, and
    how it ended (done, then closed with a note)."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    action = models.TextField(_("action required"))
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (user)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    owner_name = models.CharField(
        _("owner (organisation)"),
        max_length=255,
        blank=True,
        help_text=_("The organisation responsible, when it is not a user of the system."),
    )
    deadline = models.DateField(_("deadline"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
        db_index=True,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)

    objects = FollowUpQuerySet.as_manager()

    scope_paths = ScopePaths(province="inspection__province")

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="monitoring_followup_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False) | ~Q(owner_name=""),
                name="monitoring_followup_has_owner",
                violation_error_message=_("Name the owner: a user or an organisation."),
            )
        ]

    def __str__(self) -> str:
        return self.action[:80]

    def get_absolute_url(self) -> str:
        return reverse("monitoring:follow_up_detail", args=[self.pk])

    @property
    def owner_label(self) -> str:
        if self.owner_user_id is not None:
            user = self.owner_user
            name = user.get_full_name() or user.username
            return f"{name} ({self.owner_name})" if self.owner_name else name
        return self.owner_name

    def is_overdue_on(self, today: datetime.date) -> bool:
        return self.status == FollowUpStatus.OPEN and self.deadline < today

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())


# --- surveys after support ---------------------------------------------------------------------


class SurveyStatus(models.TextChoices):
    DUE = "due", _("Due")
    DONE = "done", _("Done")
    NOT_REACHABLE = "not_reachable", _("Not reachable")


class EquipmentUse(models.TextChoices):
    YES = "yes", _("In use")
    PARTLY = "partly", _("Partly in use")
    NO = "no", _("Not in use")


class Survey(DomainModel):
    """A survey of an establishment some months after the project that supported it was
    accepted: is the equipment (or model) in use, jobs, revenue, cost change."""

    establishment = models.ForeignKey(
        "registry.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    months_after = models.PositiveSmallIntegerField(
        _("months after acceptance"),
        null=True,
        blank=True,
        help_text=_("Empty for a survey added by hand."),
    )
    due_date = models.DateField(_("due date"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SurveyStatus.choices,
        default=SurveyStatus.DUE,
        db_index=True,
    )
    surveyed_on = models.DateField(_("surveyed on"), null=True, blank=True)
    equipment_in_use = models.CharField(
        _("equipment in use"), max_length=10, choices=EquipmentUse.choices, blank=True
    )
    workers = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    women_workers = models.PositiveIntegerField(_("women workers"), null=True, blank=True)
    revenue_vnd = models.PositiveBigIntegerField(
        _("revenue over the last 12 months (VND)"), null=True, blank=True
    )
    cost_change_percent = models.DecimalField(
        _("change in production cost (%)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Negative when the cost went down, e.g. -15."),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    scope_paths = ScopePaths(province="province", commune="establishment__commune")

    class Meta:
        verbose_name = _("after-support survey")
        verbose_name_plural = _("after-support surveys")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["province", "status", "due_date"], name="monitoring_survey_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "project", "months_after"],
                name="monitoring_one_survey_per_milestone",
            ),
            models.CheckConstraint(
                condition=Q(women_workers__isnull=True)
                | Q(workers__isnull=True)
                | Q(women_workers__lte=models.F("workers")),
                name="monitoring_survey_women_within_workers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.establishment.name} — {self.due_date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:survey_detail", args=[self.pk])

    def is_overdue_on(self, today: datetime.date) -> bool:
        return self.status == SurveyStatus.DUE and self.due_date < today

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())
