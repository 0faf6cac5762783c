"""Policy reference data: legal bases, activity contents, funding sources, kinds of establishment,
indicators and support rules.

Every fact here (numbers, dates, names) is data loaded from `data/reference.json` by the
`load_reference_data` command and correctable by an administrator; nothing is a constant in code.
A row whose values an administrator changed is kept by later loads (see `services`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from khuyencong.core.models import DomainModel
from khuyencong.core.scoping import ScopePaths
from khuyencong.core.text import fold

DATE_RANGE_MESSAGE = _("The end of validity must not be before its start.")


def _in_force(start: str, end: str, day: datetime.date) -> Q:
    """Rows whose [start, end] (end null = open) contains `day`; a null start means 'always'."""
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": day})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day})
    )


def in_force(start: datetime.date | None, end: datetime.date | None, day: datetime.date) -> bool:
    """`_in_force` on values in memory, for code checking many rows already loaded."""
    return (start is None or start <= day) and (end is None or day <= end)


class ReferenceData(DomainModel):
    """Common part of the loaded reference tables.

    `data_fingerprint` is a hash of the values the loader last wrote: when the row's current
    values no longer hash to it, an administrator edited the row and the loader leaves it alone.
    """

    search_key = models.CharField(max_length=600, editable=False, db_index=True, blank=True)
    data_fingerprint = models.CharField(max_length=64, editable=False, blank=True)

    scope_paths = ScopePaths.global_data()
    history_exclude = DomainModel.history_exclude | {"search_key", "data_fingerprint"}

    class Meta:
        abstract = True

    def search_text(self) -> str:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self.search_key = fold(self.search_text())[:600]
        super().save(*args, **kwargs)


class LegalBasisQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> LegalBasisQuerySet:
        return self.filter(_in_force("effective_from", "effective_to", day))

    def project_bases(self) -> LegalBasisQuerySet:
        return self.filter(is_project_basis=True)


class LegalBasis(ReferenceData):
    """A legal document (văn bản pháp lý) the programme works under."""

    class Kind(models.TextChoices):
        LAW = "law", _("Law")
        DECREE = "decree", _("Decree")
        CIRCULAR = "circular", _("Circular")
        DECISION = "decision", _("Decision")
        RESOLUTION = "resolution", _("Resolution")
        OTHER = "other", _("Other")

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Stable key, e.g. nd-45-2012.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    number = models.CharField(
        _("number"), max_length=60, help_text=_("Official number, e.g. 45/2012/NĐ-CP.")
    )
    title = models.CharField(_("title"), max_length=500, help_text=_("Official title."))
    title_en = models.CharField(_("title in English"), max_length=500, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    effective_from = models.DateField(_("in force from"), db_index=True)
    effective_to = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Last day in force; empty while it is in force."),
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amended_by",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    is_project_basis = models.BooleanField(
        _("basis for approving projects"),
        default=False,
        db_index=True,
        help_text=_(
            "Projects are approved under this document (a decree on industrial extension)."
        ),
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("Sources and facts still to verify ('(verify)').")
    )

    objects = LegalBasisQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["effective_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="policy_legalbasis_valid_range",
                violation_error_message=DATE_RANGE_MESSAGE,
            ),
        ]
        indexes = [
            models.Index(
                fields=["is_project_basis", "effective_from"], name="policy_basis_project_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def search_text(self) -> str:
        return " ".join([self.code, self.number, self.title, self.title_en, self.issuer])

    def clean(self) -> None:
        super().clean()
        for field in ("amends", "replaces"):
            if self.pk is not None and getattr(self, f"{field}_id") == self.pk:
                raise ValidationError({field: _("A document cannot refer to itself.")})

    def is_in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


class ActivityContentQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> ActivityContentQuerySet:
        """Contents in force on `day`; empty dates fall back to the legal basis's."""
        return self.alias(
            eff_from=Coalesce("effective_from", "legal_basis__effective_from"),
            eff_to=Coalesce("effective_to", "legal_basis__effective_to"),
        ).filter(_in_force("eff_from", "eff_to", day))


class ActivityContent(ReferenceData):
    """An activity content (nội dung hoạt động khuyến công) of a legal basis."""

    legal_basis = models.ForeignKey(
        LegalBasis,
        verbose_name=_("legal basis"),
        on_delete=models.PROTECT,
        related_name="activity_contents",
    )
    code = models.SlugField(_("code"), max_length=40, help_text=_("e.g. 45-1, 235-10."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=500, help_text=_("Official (Vietnamese) name."))
    name_en = models.CharField(_("name in English"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    effective_from = models.DateField(
        _("in force from"), null=True, blank=True, help_text=_("Empty: as the legal basis.")
    )
    effective_to = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Empty: as the legal basis.")
    )
    is_catch_all = models.BooleanField(
        _("catch-all"),
        default=False,
        help_text=_("For legacy records whose content is not known."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = ActivityContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity content")
        verbose_name_plural = _("activity contents")
        ordering = ["legal_basis__effective_from", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["legal_basis", "code"], name="policy_content_code_per_basis"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="policy_content_valid_range",
                violation_error_message=DATE_RANGE_MESSAGE,
            ),
        ]
        indexes = [
            models.Index(fields=["legal_basis", "order"], name="policy_content_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def search_text(self) -> str:
        return " ".join([self.code, self.name, self.name_en])

    def is_in_force_on(self, day: datetime.date) -> bool:
        """As `ActivityContentQuerySet.in_force_on`, for a content loaded with its basis."""
        basis = self.legal_basis
        return in_force(
            self.effective_from if self.effective_from is not None else basis.effective_from,
            self.effective_to if self.effective_to is not None else basis.effective_to,
            day,
        )

    def clean(self) -> None:
        super().clean()
        if self.effective_to is None or self.effective_from is not None:
            return  # an explicit range is checked by the constraint
        basis = LegalBasis.objects.filter(pk=self.legal_basis_id).first()
        if basis is not None and self.effective_to < basis.effective_from:
            raise ValidationError({"effective_to": DATE_RANGE_MESSAGE})


class FundingSource(ReferenceData):
    """Where a project's money comes from (national, local, counterpart, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    is_state_budget = models.BooleanField(_("state budget"), default=False, db_index=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def search_text(self) -> str:
        return " ".join([self.code, self.name, self.name_en])


class EstablishmentKind(ReferenceData):
    """Legal form of a rural industrial establishment (enterprise, cooperative, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("kind of establishment")
        verbose_name_plural = _("kinds of establishment")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def search_text(self) -> str:
        return " ".join([self.code, self.name, self.short_name, self.name_en])


class Programme(models.TextChoices):
    """Whose programme a project, plan or support rule belongs to."""

    NATIONAL = "national", _("National programme")
    LOCAL = "local", _("Local programme")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")


class Indicator(ReferenceData):
    """Something projects plan and report in numbers: trainees, models, fairs, jobs created, …

    Money is not an indicator: it is computed from the budgets. `activity_contents` are the
    contents the indicator is usually planned for (used to suggest targets); empty means any.
    """

    class Group(models.TextChoices):
        OUTPUT = "output", _("Output")
        OUTCOME = "outcome", _("Outcome (after support)")

    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Stable key, e.g. trainees_women.")
    )
    name = models.CharField(_("name"), max_length=300, help_text=_("Official (Vietnamese) name."))
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    unit = models.CharField(
        _("unit"), max_length=40, help_text=_("Unit of measure as written in reports, e.g. người.")
    )
    group = models.CharField(
        _("group"), max_length=10, choices=Group.choices, default=Group.OUTPUT, db_index=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    activity_contents = models.ManyToManyField(
        ActivityContent,
        verbose_name=_("activity contents"),
        blank=True,
        related_name="indicators",
        help_text=_("Contents this indicator is usually planned for; empty: any content."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        db_index=True,
        help_text=_("Inactive indicators are no longer offered for new plans and reports."),
    )
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        help_text=_(
            "A disaggregation (women trained) is part of its whole (trained): it can never "
            "be larger."
        ),
    )
    aggregation = models.CharField(
        _("aggregation"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_("How values of several projects combine: counts add up, rates average."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def search_text(self) -> str:
        return " ".join([self.code, self.name, self.name_en, self.unit])


class SupportRuleQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> SupportRuleQuerySet:
        return self.filter(_in_force("effective_from", "effective_to", day))


class SupportRule(ReferenceData):
    """A cap on state support for one item (a model, a machine, a start-up, …), for a period.

    National rules are set by the Ministry of Finance's circulars; local rules by a provincial
    People's Council for its province. The cap is a share of the eligible cost, an amount per
    unit, or both (the smaller one applies; see `support.support_cap_vnd`).
    """

    class Unit(models.TextChoices):
        PER_MODEL = "per_model", _("per model")
        PER_ESTABLISHMENT = "per_establishment", _("per establishment")
        PER_ENTERPRISE = "per_enterprise", _("per enterprise")
        PER_PROJECT = "per_project", _("per project")
        PER_PERSON = "per_person", _("per person")
        PER_LINE = "per_line", _("per technology line")

    code = models.SlugField(
        _("code"), max_length=60, unique=True, help_text=_("Stable key, e.g. 2018-machinery.")
    )
    name = models.CharField(
        _("supported item"),
        max_length=300,
        help_text=_("What is supported, in Vietnamese, e.g. Dây chuyền công nghệ."),
    )
    name_en = models.CharField(_("supported item in English"), max_length=300, blank=True)
    legal_basis = models.ForeignKey(
        LegalBasis,
        verbose_name=_("legal basis"),
        on_delete=models.PROTECT,
        related_name="support_rules",
        help_text=_(
            "The document that sets the cap (a finance circular, a provincial resolution)."
        ),
    )
    activity_contents = models.ManyToManyField(
        ActivityContent,
        verbose_name=_("activity contents"),
        related_name="support_rules",
        help_text=_("The contents the cap applies to, under every legal basis it covers."),
    )
    programme = models.CharField(
        _("programme"), max_length=10, choices=Programme.choices, db_index=True
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_rules",
        help_text=_("The province whose local rule this is; empty for national rules."),
    )
    area_class = models.ForeignKey(
        "geo.AreaClass",
        verbose_name=_("area class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_rules",
        help_text=_("Only for establishments in this class of area; empty: any area."),
    )
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Last day in force; empty while it is in force."),
    )
    max_share_percent = models.DecimalField(
        _("maximum share of the cost (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text=_("Share of the eligible cost, more than 0 and at most 100."),
    )
    max_amount_vnd = models.PositiveBigIntegerField(
        _("maximum amount (VND)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Whole đồng per unit."),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Sources and facts still to verify ('(verify)').")
    )

    objects = SupportRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("support rule")
        verbose_name_plural = _("support rules")
        ordering = ["programme", "-effective_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="policy_supportrule_valid_range",
                violation_error_message=DATE_RANGE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(max_share_percent__isnull=False) | Q(max_amount_vnd__isnull=False),
                name="policy_supportrule_has_cap",
                violation_error_message=_("Set a maximum share, a maximum amount, or both."),
            ),
            models.CheckConstraint(
                condition=Q(max_share_percent__isnull=True)
                | Q(max_share_percent__gt=0, max_share_percent__lte=100),
                name="policy_supportrule_share_range",
                violation_error_message=_(
                    "The maximum share must be more than 0 and at most 100 %."
                ),
            ),
            models.CheckConstraint(
                condition=Q(programme=Programme.NATIONAL, province__isnull=True)
                | Q(programme=Programme.LOCAL, province__isnull=False),
                name="policy_supportrule_programme_province",
                violation_error_message=_(
                    "A local rule needs its province; a national rule has none."
                ),
            ),
        ]
        indexes = [
            models.Index(
                fields=["programme", "province", "effective_from"],
                name="policy_rule_prog_prov_idx",
            ),
            models.Index(fields=["effective_from"], name="policy_rule_from_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.code}]"

    def search_text(self) -> str:
        return " ".join([self.code, self.name, self.name_en])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.max_share_percent is None and self.max_amount_vnd is None:
            message = _("Set a maximum share, a maximum amount, or both.")
            errors["max_share_percent"] = errors["max_amount_vnd"] = message
        if self.programme == Programme.LOCAL and self.province_id is None:
            errors["province"] = _("A local rule applies in one province: choose it.")
        elif self.programme == Programme.NATIONAL and self.province_id is not None:
            errors["province"] = _("A national rule applies everywhere: leave the province empty.")
        if errors:
            raise ValidationError(errors)

    def is_in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )
