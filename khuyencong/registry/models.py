"""Establishments, craft villages, artisans and extension collaborators.

Every row keeps **today's** province as its scope key. An establishment recorded before the 2025
reform also keeps the units as recorded then (`commune_then`, `district_then`, `province_then`).
Derived values (today's province, folded search keys, the women-owned and ethnic-minority flags)
are set by the services, never typed in.
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khuyencong.core.models import DomainModel
from khuyencong.core.scoping import ScopePaths
from khuyencong.core.text import fold

# Official names of Vietnam's 54 ethnic groups (data, not translated), the majority first, then
# in the order of the 2019 census.
MAJORITY_ETHNICITY = "Kinh"
ETHNIC_GROUPS: tuple[str, ...] = (
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Sán Chay",
    "Chăm",
    "Cơ Ho",
    "Xơ Đăng",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Xtiêng",
    "Khơ Mú",
    "Bru Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "Kháng",
    "La Chí",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Lự",
    "Ngái",
    "Chứt",
    "Lô Lô",
    "Mảng",
    "Cơ Lao",
    "Bố Y",
    "Cống",
    "Si La",
    "Pu Péo",
    "Rơ Măm",
    "Brâu",
    "Ơ Đu",
)
ETHNICITY_CHOICES = [(name, name) for name in ETHNIC_GROUPS]

TAX_CODE_PATTERN = re.compile(r"^\d{10}(-\d{3})?$")
HOUSEHOLD_BUSINESS = "household_business"  # policy.EstablishmentKind.code

# Legal-form words left out of `name_key`, so that "Công ty TNHH Dũng Hồng" and "Cty Dũng Hồng"
# have the same key. Folded (no diacritics, lower case); longer phrases are removed first.
LEGAL_FORM_WORDS = (
    "cong ty trach nhiem huu han",
    "trach nhiem huu han",
    "cong ty co phan",
    "cong ty tnhh",
    "cong ty cp",
    "cong ty",
    "ctcp",
    "cty",
    "co phan",
    "tnhh",
    "mtv",
    "mot thanh vien",
    "hai thanh vien tro len",
    "2 thanh vien tro len",
    "doanh nghiep tu nhan",
    "doanh nghiep",
    "dntn",
    "lien hiep hop tac xa",
    "hop tac xa",
    "htx",
    "lien hiep",
    "to hop tac",
    "tht",
    "ho kinh doanh ca the",
    "ho kinh doanh",
    "hkd",
    "co so san xuat",
    "co so",
    "cs",
)
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_LEGAL_FORMS = re.compile(
    r"\b(?:"
    + "|".join(
        r"\s+".join(map(re.escape, phrase.split()))
        for phrase in sorted(LEGAL_FORM_WORDS, key=len, reverse=True)
    )
    + r")\b"
)


def name_key(name: str) -> str:
    """The name without diacritics, punctuation and legal-form words, for duplicate detection.

    'Công ty TNHH MTV Thương mại Dũng Hồng' -> 'thuong mai dung hong'.
    """
    words = " ".join(_NOT_WORD.split(fold(name))).strip()
    key = " ".join(_LEGAL_FORMS.sub(" ", words).split())
    return key or words


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Sector(models.TextChoices):
    AGRO_PROCESSING = "agro_processing", _("Agro-forestry-fishery processing")
    HANDICRAFTS = "handicrafts", _("Handicrafts and fine arts")
    TEXTILES = "textiles", _("Textiles, garments and embroidery")
    BUILDING_MATERIALS = "building_materials", _("Building materials")
    MECHANICAL = "mechanical", _("Mechanical engineering, machinery and tools")
    WOOD = "wood", _("Wood processing")
    CHEMICALS = "chemicals", _("Chemicals, plastics and rubber")
    ELECTRICAL = "electrical", _("Electrical and electronic products")
    OTHER = "other", _("Other")


class CraftVillage(DomainModel):
    """A craft village (làng nghề) recognised by the province."""

    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="craft_villages",
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="craft_villages",
    )
    trade = models.CharField(_("trade"), max_length=200, help_text=_("e.g. sedge mats"))
    year_recognised = models.PositiveSmallIntegerField(
        _("year recognised"), null=True, blank=True, db_index=True
    )
    decision_number = models.CharField(_("recognition decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("recognition decision date"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    workers = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope_paths = ScopePaths(province="province", commune="commune")
    history_exclude = DomainModel.history_exclude | {"name_folded"}

    class Meta:
        verbose_name = _("craft village")
        verbose_name_plural = _("craft villages")
        ordering = ["province__code", "name_folded", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name_folded"], name="registry_village_name_per_commune"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("registry:craft_village_detail", args=[self.pk])


class Establishment(DomainModel):
    """A rural industrial establishment (cơ sở công nghiệp nông thôn): an enterprise, a
    cooperative, a cooperative group or a household business. Never deleted: a duplicate is
    merged into the record it repeats (`merged_into`) and kept."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        STOPPED = "stopped", _("Stopped")

    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    name_key = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.ForeignKey(
        "policy.EstablishmentKind",
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        related_name="establishments",
    )
    tax_code = models.CharField(
        _("tax code"),
        max_length=14,
        blank=True,
        db_index=True,
        help_text=_("10 digits; a branch: 10 digits, a hyphen and 3 digits."),
    )
    business_registration_no = models.CharField(
        _("business registration number"), max_length=40, blank=True, db_index=True
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="establishments",
        help_text=_("Today's commune, ward or special zone."),
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="establishments",
    )
    commune_then = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune as recorded then"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    district_then = models.ForeignKey(
        "geo.District",
        verbose_name=_("district as recorded then"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    province_then = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province as recorded then"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    craft_village = models.ForeignKey(
        CraftVillage,
        verbose_name=_("craft village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="establishments",
    )
    sector = models.CharField(
        _("sector"), max_length=30, choices=Sector.choices, blank=True, db_index=True
    )
    main_products = models.TextField(_("main products"), blank=True)
    representative = models.CharField(_("representative"), max_length=150, blank=True)
    representative_gender = models.CharField(
        _("representative's gender"), max_length=10, choices=Gender.choices, blank=True
    )
    ethnicity = models.CharField(
        _("representative's ethnic group"),
        max_length=30,
        choices=ETHNICITY_CHOICES,
        default=MAJORITY_ETHNICITY,
    )
    women_owned = models.BooleanField(_("women-owned"), default=False, db_index=True)
    ethnic_minority = models.BooleanField(_("ethnic minority"), default=False, db_index=True)
    workers = models.PositiveIntegerField(_("workers"), default=0)
    women_workers = models.PositiveIntegerField(_("women workers"), default=0)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )

    scope_paths = ScopePaths(province="province", commune="commune", establishment="pk")
    history_exclude = DomainModel.history_exclude | {"name_folded", "name_key"}

    class Meta:
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        ordering = ["name_folded", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~Q(tax_code=""),
                name="registry_establishment_tax_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(women_workers__lte=F("workers")),
                name="registry_establishment_women_le_workers",
            ),
            models.CheckConstraint(
                condition=~Q(status="stopped") | Q(stopped_on__isnull=False),
                name="registry_establishment_stopped_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "name_key"], name="registry_est_prov_key_idx"),
            models.Index(fields=["commune", "name_key"], name="registry_est_commune_key_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        self.name_key = name_key(self.name)
        self.women_owned = self.representative_gender == Gender.FEMALE
        self.ethnic_minority = bool(self.ethnicity) and self.ethnicity != MAJORITY_ETHNICITY
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("registry:establishment_detail", args=[self.pk])

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    @property
    def unit_then(self):
        """The most precise unit recorded before the reform, if any."""
        return self.commune_then or self.district_then or self.province_then


class EstablishmentRevenue(DomainModel):
    """An establishment's revenue for one year, in whole VND."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.CASCADE,
        related_name="revenues",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.PositiveBigIntegerField(_("revenue (VND)"))

    scope_paths = ScopePaths(
        province="establishment__province",
        commune="establishment__commune",
        establishment="establishment",
    )

    class Meta:
        verbose_name = _("yearly revenue")
        verbose_name_plural = _("yearly revenues")
        ordering = ["establishment", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "year"], name="registry_revenue_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.establishment} — {self.year}"


class Artisan(DomainModel):
    """An artisan (nghệ nhân) honoured for a trade, working at an establishment or in a craft
    village (at least one of the two)."""

    class Title(models.TextChoices):
        PEOPLES = "peoples", _("People's artisan")
        MERITORIOUS = "meritorious", _("Meritorious artisan")
        PROVINCIAL = "provincial", _("Provincial artisan")
        OTHER = "other", _("Other title")

    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=20, choices=Title.choices, db_index=True)
    year_awarded = models.PositiveSmallIntegerField(_("year awarded"), null=True, blank=True)
    trade = models.CharField(_("trade"), max_length=200)
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="artisans",
    )
    craft_village = models.ForeignKey(
        CraftVillage,
        verbose_name=_("craft village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="artisans",
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="artisans",
    )

    scope_paths = ScopePaths(province="province", establishment="establishment")
    history_exclude = DomainModel.history_exclude | {"name_folded"}

    class Meta:
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")
        ordering = ["name_folded", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(establishment__isnull=False) | Q(craft_village__isnull=False),
                name="registry_artisan_has_a_place",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("registry:artisan_detail", args=[self.pk])


class CollaboratorQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=day)
        )


class Collaborator(DomainModel):
    """An extension collaborator (cộng tác viên khuyến công): a part-time local agent covering
    some communes of one province. Managed by the provincial officers."""

    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collaborators",
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collaborator_records",
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="extension_collaborators",
    )
    communes = models.ManyToManyField(
        "geo.Commune",
        verbose_name=_("communes covered"),
        blank=True,
        related_name="extension_collaborators",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(
        _("active until"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Empty while the collaborator is active."),
    )

    objects = CollaboratorQuerySet.as_manager()
    scope_paths = ScopePaths(province="province")
    history_exclude = DomainModel.history_exclude | {"name_folded"}

    class Meta:
        verbose_name = _("extension collaborator")
        verbose_name_plural = _("extension collaborators")
        ordering = ["name_folded", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=F("active_from")),
                name="registry_collaborator_period",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(user__isnull=False),
                name="registry_collaborator_one_per_user",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("registry:collaborator_detail", args=[self.pk])

    def is_active_on(self, day) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


class CollaboratorTraining(DomainModel):
    """A course an extension collaborator attended."""

    collaborator = models.ForeignKey(
        Collaborator,
        verbose_name=_("extension collaborator"),
        on_delete=models.CASCADE,
        related_name="trainings",
    )
    date = models.DateField(_("date"))
    course = models.CharField(_("course"), max_length=255)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)

    scope_paths = ScopePaths(province="collaborator__province")

    class Meta:
        verbose_name = _("collaborator training")
        verbose_name_plural = _("collaborator trainings")
        ordering = ["collaborator", "-date", "pk"]

    def __str__(self) -> str:
        return f"{self.course} ({self.date:%d/%m/%Y})"
