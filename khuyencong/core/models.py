"""Base models every domain model inherits, and the change log they write to."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.core.scoping import ScopePaths


class TrackedModel(models.Model):
    """A model whose every create, update and delete is written to the change log.

    The values as loaded are remembered so that an update records only what changed.
    `history_exclude` names fields never written to the log (passwords, counters).
    """

    history_exclude: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if len(values) == len(cls._meta.concrete_fields):
            from khuyencong.core.history import snapshot

            instance._history_snapshot = snapshot(instance)
        # With deferred fields (.only()/.defer()) the snapshot would load each of them; the
        # values before a save are then read when it happens (see history._before_save).
        return instance


class DomainModel(TrackedModel):
    """A tracked model with timestamps and a version number for detecting concurrent edits."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history_exclude = frozenset({"created_at", "updated_at", "version"})

    class Meta:
        abstract = True


class ChangeRecord(models.Model):
    """One change to one row (create / update / delete) or one named event (e.g. project.accepted).

    `changes` maps a field name to [before, after] as stored values (foreign keys as ids).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        EVENT = "event", _("event")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_label = models.CharField(_("by"), max_length=150, blank=True)
    request_id = models.UUIDField(_("request"), null=True, blank=True, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=300)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    event = models.CharField(_("event"), max_length=80, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_paths = ScopePaths(province="province")

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-at"], name="core_change_object_idx"
            ),
            models.Index(fields=["province", "-at"], name="core_change_province_idx"),
            models.Index(fields=["user", "-at"], name="core_change_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.object_repr} — {self.event or self.get_action_display()}"
