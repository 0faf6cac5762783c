"""Typical rural industrial product rounds (bình chọn sản phẩm CNNT tiêu biểu): rounds at four
levels with their scoring sheet and jury, entries with photos and dossier, jurors' scores,
conflicts of interest and certificates.

Every write goes through `services/`; the round's life cycle is in `workflow.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khuyencong.contests.data import DEFAULT_CERTIFICATE_YEARS, DEFAULT_PASS_MARK
from khuyencong.core.models import DomainModel
from khuyencong.core.scoping import ScopePaths
from khuyencong.core.stored_files import StoredFile
from khuyencong.core.uploads import PHOTOS


class Level(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    PROVINCE = "province", _("Province")
    REGION = "region", _("Region")
    NATIONAL = "national", _("National")


LEVEL_ORDER = (Level.COMMUNE, Level.PROVINCE, Level.REGION, Level.NATIONAL)


def next_level(level: str) -> str | None:
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index + 1] if index + 1 < len(LEVEL_ORDER) else None


def level_below(level: str) -> str | None:
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index - 1] if index else None


class Region(models.TextChoices):
    NORTH = "north", _("North")
    CENTRAL = "central", _("Central and Central Highlands")
    SOUTH = "south", _("South")


class ProductGroup(models.TextChoices):
    HANDICRAFT = "handicraft", _("Handicraft and fine art")
    FOOD = "food", _("Processed agro-forestry-fishery products and food")
    MACHINERY = "machinery", _("Equipment, machinery, tools and parts")
    OTHER = "other", _("Other products")


class RoundStatus(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    SCORING = "scoring", _("Scoring")
    CLOSED = "closed", _("Closed (results)")


class Round(DomainModel):
    """One round of the selection at one level, in one year, by one organiser."""

    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = models.CharField(_("title"), max_length=300)
    organiser = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="contest_rounds",
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.CharField(
        _("region"), max_length=10, choices=Region.choices, blank=True, db_index=True
    )
    legal_basis = models.ForeignKey(
        "policy.LegalBasis",
        verbose_name=_("legal basis"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    registration_opens = models.DateField(_("registration opens"))
    registration_closes = models.DateField(_("registration closes"))
    scoring_until = models.DateField(_("scoring until"))
    announcement_date = models.DateField(_("announcement date"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"),
        default=DEFAULT_PASS_MARK,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    certificate_years = models.PositiveSmallIntegerField(
        _("certificate valid for (years)"),
        default=DEFAULT_CERTIFICATE_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jury members"),
        blank=True,
        related_name="jury_rounds",
    )
    council_members = models.TextField(
        _("council members"), blank=True, help_text=_("Names and units of the selection council.")
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=RoundStatus.choices,
        default=RoundStatus.REGISTRATION,
        db_index=True,
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    scope_paths = ScopePaths(province="province", commune="commune")

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-year", "level", "pk"]
        indexes = [models.Index(fields=["level", "year"], name="contests_round_level_year_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contests:round_detail", args=[self.pk])

    @property
    def area_label(self) -> str:
        if self.level == Level.COMMUNE and self.commune_id:
            return f"{self.commune.name}, {self.province.name}"
        if self.level == Level.PROVINCE and self.province_id:
            return self.province.name
        if self.level == Level.REGION:
            return self.get_region_display()
        return str(_("Whole country"))


class CriteriaGroup(DomainModel):
    """A group of criteria of a round's scoring sheet."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="criteria_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_paths = ScopePaths(province="round__province", commune="round__commune")

    class Meta:
        verbose_name = _("criteria group")
        verbose_name_plural = _("criteria groups")
        ordering = ["round", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Criterion(DomainModel):
    """A sub-criterion of the sheet, scored from 0 to its maximum."""

    group = models.ForeignKey(
        CriteriaGroup,
        verbose_name=_("criteria group"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("name"), max_length=300)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_paths = ScopePaths(province="group__round__province", commune="group__round__commune")

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["group__order", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Entry(DomainModel):
    """A product entered in a round by (or for) an establishment."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="entries"
    )
    establishment = models.ForeignKey(
        "registry.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="contest_entries",
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    product_name = models.CharField(_("product name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(
        _("product group"), max_length=15, choices=ProductGroup.choices, db_index=True
    )
    mass_producible = models.BooleanField(
        _("mass producible, not a one-off"),
        default=False,
        help_text=_("The establishment declares the product is made in series, not one piece."),
    )
    previous_entry = models.ForeignKey(
        "self",
        verbose_name=_("entry at the level below"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_entries",
    )
    lower_certificate = models.ForeignKey(
        "Certificate",
        verbose_name=_("certificate of the level below"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    external_certificate_number = models.CharField(
        _("external certificate number"), max_length=60, blank=True
    )
    external_certificate_date = models.DateField(
        _("external certificate date"), null=True, blank=True
    )
    external_certificate_level = models.CharField(
        _("external certificate level"), max_length=10, choices=Level.choices, blank=True
    )
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned jurors"),
        blank=True,
        related_name="assigned_entries",
        help_text=_("None: every juror of the round scores this entry."),
    )
    # Results, stored when the round closes.
    average_score = models.DecimalField(
        _("average score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True, db_index=True)

    scope_paths = ScopePaths(province="province", commune="commune", establishment="establishment")

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["round", "rank", "product_name", "pk"]
        indexes = [models.Index(fields=["round", "group"], name="contests_entry_round_group_idx")]

    def __str__(self) -> str:
        return self.product_name

    def get_absolute_url(self) -> str:
        return reverse("contests:entry_detail", args=[self.pk])


class EntryPhoto(StoredFile):
    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="photos"
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    allowed_kinds = PHOTOS
    scope_paths = ScopePaths(
        province="entry__province", commune="entry__commune", establishment="entry__establishment"
    )

    class Meta:
        verbose_name = _("entry photo")
        verbose_name_plural = _("entry photos")
        ordering = ["entry", "created_at", "pk"]


class EntryDocument(StoredFile):
    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255, blank=True)

    scope_paths = ScopePaths(
        province="entry__province", commune="entry__commune", establishment="entry__establishment"
    )

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["entry", "created_at", "pk"]


class ConflictOfInterest(DomainModel):
    """A juror linked to an establishment: they may not score its entries in the round."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="conflicts"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    establishment = models.ForeignKey(
        "registry.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300)

    scope_paths = ScopePaths(province="round__province", commune="round__commune")

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "juror", "establishment"], name="contests_one_conflict"
            )
        ]

    def __str__(self) -> str:
        return f"{self.juror} — {self.establishment}"


class Score(DomainModel):
    """The points one juror gave one entry on one sub-criterion."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="scores"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        on_delete=models.PROTECT,
        related_name="contest_scores",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )

    scope_paths = ScopePaths(province="entry__province", commune="entry__commune")

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "juror", "criterion"], name="contests_one_score"
            )
        ]
        indexes = [models.Index(fields=["juror", "entry"], name="contests_score_juror_idx")]

    def __str__(self) -> str:
        return f"{self.entry} — {self.criterion}: {self.points}"


class Certificate(DomainModel):
    """The certificate of a typical product won by an entry."""

    entry = models.OneToOneField(
        Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(_("certificate number"), max_length=60)
    issued_on = models.DateField(_("date"), db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    valid_until = models.DateField(_("valid until"))
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    establishment = models.ForeignKey(
        "registry.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="contest_certificates",
    )

    scope_paths = ScopePaths(province="province", establishment="establishment")

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "pk"]
        indexes = [
            models.Index(fields=["level", "year", "province"], name="contests_cert_report_idx")
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.entry}"
