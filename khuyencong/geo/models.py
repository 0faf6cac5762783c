"""Administrative units with effective dates: the 63 provinces with districts before 1/7/2025,
the 34 provinces with communes since, and the old→new mapping between them.

A unit in force today has `valid_to = None`. Domain rows keep the unit as recorded at the time
and, for scoping, today's province (see `selectors.current_province_for`).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from khuyencong.core.models import DomainModel, TrackedModel
from khuyencong.core.scoping import ScopePaths
from khuyencong.core.text import fold

REFORM_DATE = datetime.date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = datetime.date(2025, 6, 30)


class UnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(valid_to__isnull=True)

    def before_reform(self):
        return self.filter(valid_to=LAST_DAY_BEFORE_REFORM)

    def in_force_on(self, day: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class AdminUnit(TrackedModel):
    code = models.CharField(_("code"), max_length=5, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, db_index=True)

    objects = UnitQuerySet.as_manager()
    scope_paths = ScopePaths.global_data()
    history_exclude = frozenset({"name_folded"})

    class Meta:
        abstract = True
        ordering = ["code"]

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def full_name(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    def __str__(self) -> str:
        return self.full_name


class Province(AdminUnit):
    class Kind(models.TextChoices):
        PROVINCE = "province", pgettext_lazy("unit kind", "Province")
        CITY = "city", pgettext_lazy("unit kind", "Centrally-run city")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta(AdminUnit.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_to"], name="geo_province_code_era"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_to__isnull=True), name="geo_province_code_now"
            ),
        ]

    @property
    def full_name(self) -> str:
        prefix = "Thành phố" if self.kind == self.Kind.CITY else "Tỉnh"
        return f"{prefix} {self.name}"


class District(AdminUnit):
    """A district-level unit; there are none since 1/7/2025."""

    class Kind(models.TextChoices):
        RURAL_DISTRICT = "huyen", pgettext_lazy("unit kind", "Rural district")
        URBAN_DISTRICT = "quan", pgettext_lazy("unit kind", "Urban district")
        TOWN = "thi_xa", pgettext_lazy("unit kind", "Town")
        CITY = "thanh_pho", pgettext_lazy("unit kind", "Provincial city")
        SPECIAL = "dac_khu", pgettext_lazy("unit kind", "Island district")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="districts"
    )

    class Meta(AdminUnit.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_to"], name="geo_district_code_era"),
        ]


class Commune(AdminUnit):
    class Kind(models.TextChoices):
        COMMUNE = "xa", pgettext_lazy("unit kind", "Commune")
        WARD = "phuong", pgettext_lazy("unit kind", "Ward")
        TOWNLET = "thi_tran", pgettext_lazy("unit kind", "Township")
        SPECIAL_ZONE = "dac_khu", pgettext_lazy("unit kind", "Special zone")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="communes"
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communes",
    )

    class Meta(AdminUnit.Meta):
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_to"], name="geo_commune_code_era"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_to__isnull=True), name="geo_commune_code_now"
            ),
        ]
        indexes = [models.Index(fields=["province", "valid_to"], name="geo_commune_prov_era_idx")]


class ProvinceSuccession(models.Model):
    """Old province → the province it became part of on 1/7/2025 (exactly one)."""

    old = models.OneToOneField(
        Province, on_delete=models.CASCADE, related_name="succession", verbose_name=_("old unit")
    )
    new = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="predecessors", verbose_name=_("new unit")
    )

    class Meta:
        verbose_name = _("province succession")
        verbose_name_plural = _("province successions")

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class CommuneSuccession(models.Model):
    """Old commune → a commune it became (part of). A split commune has several; one is default."""

    old = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="successions", verbose_name=_("old unit")
    )
    new = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="predecessors", verbose_name=_("new unit")
    )
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("commune succession")
        verbose_name_plural = _("commune successions")
        constraints = [
            models.UniqueConstraint(fields=["old", "new"], name="geo_commune_succession_pair"),
            models.UniqueConstraint(
                fields=["old"], condition=Q(is_default=True), name="geo_commune_succession_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class AreaClass(TrackedModel):
    """A class of area that gets priority or higher support: disadvantaged, mountainous, …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    scope_paths = ScopePaths.global_data()

    class Meta:
        verbose_name = _("area class")
        verbose_name_plural = _("area classes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AreaClassTag(DomainModel):
    """An area class given to a commune (or a whole province) for a period, by a legal document."""

    area_class = models.ForeignKey(
        AreaClass, verbose_name=_("area class"), on_delete=models.PROTECT, related_name="tags"
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="area_tags"
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="area_tags",
        help_text=_("Leave empty when the class applies to the whole province."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_document = models.CharField(_("legal document"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope_paths = ScopePaths.global_data()

    class Meta:
        verbose_name = _("area class of a unit")
        verbose_name_plural = _("area classes of units")
        ordering = ["province", "commune", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="geo_areatag_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_class} — {self.commune or self.province}"
