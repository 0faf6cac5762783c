"""Organisations and users. A user has one role and a scope: the country, a province or communes."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.roles import NATIONAL_ROLES, ROLE_ACTIONS, Role
from khuyencong.core.models import DomainModel, TrackedModel
from khuyencong.core.scoping import ScopePaths
from khuyencong.core.text import fold


class Organisation(DomainModel):
    class Kind(models.TextChoices):
        MINISTRY_DEPARTMENT = "ministry_department", _("Ministry department")
        PROVINCIAL_DEPARTMENT = (
            "provincial_department",
            _("Provincial Department of Industry and Trade"),
        )
        EXTENSION_CENTRE = "extension_centre", _("Provincial industrial-extension centre")
        PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
        IMPLEMENTING_UNIT = "implementing_unit", _("Other implementing unit")

    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("Empty for a national body."),
    )
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    scope_paths = ScopePaths(province="province", commune="commune")
    history_exclude = DomainModel.history_exclude | {"name_folded"}

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["province__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name"], name="accounts_org_name_per_province"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class KhuyenCongUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(TrackedModel, AbstractUser):
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.VIEWER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("The province a provincial user works in; empty for the whole country."),
    )
    communes = models.ManyToManyField(
        "geo.Commune",
        verbose_name=_("communes"),
        blank=True,
        related_name="collaborators",
        help_text=_("The communes an extension collaborator covers."),
    )
    establishment = models.ForeignKey(
        "registry.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
        verbose_name=_("establishment"),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    objects = KhuyenCongUserManager()
    scope_paths = ScopePaths(province="province")
    history_exclude = frozenset({"password", "last_login"})

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name) before the given name."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def is_national(self) -> bool:
        return (
            self.is_superuser
            or self.role in NATIONAL_ROLES
            or (self.role == Role.VIEWER and self.province_id is None)
        )

    def may(self, action: str) -> bool:
        """Whether the role allows this kind of action at all (rows are then limited by scope)."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return action in ROLE_ACTIONS.get(self.role, frozenset())
