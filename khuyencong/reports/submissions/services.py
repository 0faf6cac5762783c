"""Submitting a province's report to the ministry: compute it with its definition, freeze the
result, number the version. One transaction: nothing is half saved."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from khuyencong.accounts.roles import Role, effective_role
from khuyencong.core.history import record_event
from khuyencong.core.services import write
from khuyencong.geo.models import Province
from khuyencong.reports import params as p
from khuyencong.reports import registry, snapshot
from khuyencong.reports.letterhead import add_amounts_in_words, letterhead_for
from khuyencong.reports.models import ReportSubmission
from khuyencong.reports.submissions import deadlines

# The department's manager submits the province's report; officers prepare it.
SUBMITTERS = frozenset({Role.PROVINCIAL_MANAGER})
MIN_YEAR = 2000
NOTE_MAX = 2000


def may_submit(user, province: Province | None = None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if effective_role(user) not in SUBMITTERS or user.province_id is None:
        return False
    return province is None or province.pk == user.province_id


def refusal(user, province: Province | None = None) -> str:
    """Why `user` may not submit (empty when they may)."""
    if may_submit(user, province):
        return ""
    role = effective_role(user)
    if role == Role.PROVINCIAL_OFFICER:
        return _("The department's manager submits the province's report to the ministry.")
    if role in SUBMITTERS:
        return _("You may only submit the report of your own province.")
    return _("Only a province's department manager submits reports to the ministry.")


def check_period(*, report: str, year, half) -> deadlines.Due:
    """The deadline of the asked report and period, or a ValidationError saying what is wrong."""
    errors: dict[str, str] = {}
    if report not in deadlines.SUBMITTED_REPORTS or registry.get(report) is None:
        errors["report"] = _("This report is not submitted to the ministry.")
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not MIN_YEAR <= year <= this_year:
        errors["year"] = _("Enter a year between %(a)d and %(b)d.") % {
            "a": MIN_YEAR,
            "b": this_year,
        }
    if half not in deadlines.HALVES:
        errors["half"] = _(
            "Choose the first half-year or the whole year: the second half is reported in the "
            "annual report."
        )
    if errors:
        raise ValidationError(errors)
    return deadlines.due(year, half)


@write
def submit(
    *,
    by,
    province: Province,
    report: str = deadlines.DEFAULT_REPORT,
    year: int,
    half: int,
    note: str = "",
) -> ReportSubmission:
    if not may_submit(by, province):
        raise PermissionDenied(refusal(by, province))
    due = check_period(report=report, year=year, half=half)
    today = timezone.localdate()
    if today < due.opens_on:
        raise ValidationError(
            {
                "year": _("The report of %(period)s can be submitted from %(date)s.")
                % {"period": due.label, "date": due.opens_on.strftime(p.DATE_FORMAT)}
            }
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("At most %(n)d characters.") % {"n": NOTE_MAX}})
    definition = registry.get(report)
    # The snapshot is the official document the ministry receives: frozen in Vietnamese, whatever
    # language the submitter's screens are in.
    with translation.override(settings.LANGUAGE_CODE):
        result = definition.compute(
            p.ReportParams(user=by, period=due.period, programme=p.BOTH, province=province)
        )
        add_amounts_in_words(result)
    # Lock the province's row so that two submissions at once cannot take the same number.
    Province.objects.select_for_update().filter(pk=province.pk).first()
    last = ReportSubmission.objects.filter(
        province=province, report=report, year=year, half=half
    ).aggregate(last=Max("version"))["last"]
    version = (last or 0) + 1
    now = timezone.now()
    submission = ReportSubmission.objects.create(
        province=province,
        report=report,
        year=year,
        half=half,
        version=version,
        submitted_by=by,
        submitted_by_name=(by.get_full_name() or by.get_username())[:150],
        submitted_at=now,
        submitted_on=today,
        due_on=due.due_on,
        on_time=today <= due.due_on,
        note=note,
        snapshot=snapshot.freeze(result),
        letterhead=letterhead_for(by, province, day=today).to_dict(),
    )
    record_event(
        submission,
        "report.submitted",
        note=note,
        data={
            "report": report,
            "period": due.label,
            "version": version,
            "due_on": due.due_on,
            "on_time": submission.on_time,
        },
    )
    return submission
