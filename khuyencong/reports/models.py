"""A province's report submitted to the ministry: the numbers frozen as they were when submitted.

A resubmission of the same report and period is a new version; earlier versions are kept as they
were. See `reports/submissions/` for who may submit, the due dates and the pages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from khuyencong.core.models import TrackedModel
from khuyencong.core.scoping import ScopePaths

WHOLE_YEAR = 0
FIRST_HALF = 1
SECOND_HALF = 2


class ReportSubmission(TrackedModel):
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="report_submissions",
    )
    report = models.CharField(_("report"), max_length=50)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    # 0: the whole year (the annual report); 1 or 2: a half of the year.
    half = models.PositiveSmallIntegerField(_("half-year"), default=WHOLE_YEAR)
    version = models.PositiveIntegerField(_("version"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by_name = models.CharField(_("submitted by (name)"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_on = models.DateField(_("submitted on"))
    due_on = models.DateField(_("due date"))
    on_time = models.BooleanField(_("on time"))
    note = models.TextField(_("note"), blank=True)
    snapshot = models.JSONField(_("frozen report"), default=dict)
    # Who issued it, as printed on the downloads (reports.letterhead.Letterhead.to_dict()).
    letterhead = models.JSONField(_("letterhead"), default=dict, blank=True)

    scope_paths = ScopePaths(province="province")
    # The frozen report is never changed; it would only bloat the change log.
    history_exclude = frozenset({"snapshot", "letterhead"})

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ("province", "report", "year", "half", "version")
        constraints = [
            models.UniqueConstraint(
                fields=("province", "report", "year", "half", "version"),
                name="reports_submission_unique_version",
            )
        ]
        indexes = [models.Index(fields=("report", "year", "half"), name="reports_sub_period_idx")]

    def __str__(self) -> str:
        return _("%(province)s, %(period)s, version %(version)d") % {
            "province": self.province.name,
            "period": self.period_label,
            "version": self.version,
        }

    @property
    def period_label(self) -> str:
        from khuyencong.reports.submissions.deadlines import period_label

        return period_label(self.year, self.half)
