"""The summary paragraph of a phase report, written from its numbers in the style of the source
reports ("Giai đoạn 2014-2019, toàn tỉnh đã triển khai 193 đề án, tổng kinh phí 19.448,5 triệu
đồng; trong đó …"). Each sentence is one gettext template with named placeholders, so that the
translator can write natural Vietnamese; numbers use Vietnamese separators in both languages."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from khuyencong.core.formatting import format_number, million_vnd
from khuyencong.reports import params as p


def _n(value) -> str:
    return format_number(value or 0, 0)


def _m(vnd) -> str:
    return million_vnd(vnd or 0, 1, trim=True)


def phase_summary(
    *,
    params: p.ReportParams,
    projects: int,
    total: dict,
    sources: dict,
    contents: list[dict],
    training: dict,
    accepted: int,
    failed_checks: int,
) -> list[str]:
    """The paragraphs of the summary. `sources` maps a source code to its row (approved …),
    `contents` are the rows by activity content, `training` the trainee figures."""
    period = params.period
    when = (
        _("In the period %(start)s-%(end)s") % {"start": period.first_year, "end": period.last_year}
        if period.first_year != period.last_year
        else _("In %(year)s") % {"year": period.first_year}
    )
    if period.kind == p.HALF and period.start.month == 1:
        when = _("In the first half of %(year)s") % {"year": period.first_year}
    elif period.kind == p.HALF:
        when = _("In the second half of %(year)s") % {"year": period.first_year}
    elif period.kind == p.RANGE:
        when = _("From %(start)s to %(end)s") % {
            "start": period.start.strftime(p.DATE_FORMAT),
            "end": period.end.strftime(p.DATE_FORMAT),
        }
    # Translators: as in the provinces' phase reports, e.g. "Giai đoạn 2014-2019, toàn quốc đã
    # triển khai 193 đề án, tổng kinh phí 19.448,5 triệu đồng". %(when)s is "In the period …".
    if params.province is None:
        sentence = ngettext(
            "%(when)s, the whole country carried out %(count)s project with total funding of "
            "%(total)s million VND",
            "%(when)s, the whole country carried out %(count)s projects with total funding of "
            "%(total)s million VND",
            projects,
        )
    else:
        # Translators: "Giai đoạn 2014-2019, toàn tỉnh đã triển khai 193 đề án, tổng kinh phí
        # 19.448,5 triệu đồng".
        sentence = ngettext(
            "%(when)s, the whole province carried out %(count)s project with total funding of "
            "%(total)s million VND",
            "%(when)s, the whole province carried out %(count)s projects with total funding of "
            "%(total)s million VND",
            projects,
        )
    if not projects:
        return [
            _("%(when)s, no project was carried out in the scope of this report.") % {"when": when}
        ]
    first = sentence % {"when": when, "count": _n(projects), "total": _m(total["approved"])}
    parts = []
    for code, template in (
        ("national", _("national industrial-extension funds %(amount)s million VND")),
        ("local", _("local industrial-extension funds %(amount)s million VND")),
        ("counterpart", _("counterpart funds of the establishments %(amount)s million VND")),
        ("other_programmes", _("funds of other programmes %(amount)s million VND")),
        ("other", _("other sources %(amount)s million VND")),
    ):
        row = sources.get(code)
        if row and row["approved"]:
            parts.append(template % {"amount": _m(row["approved"])})
    if parts:
        # Translators: "; trong đó kinh phí khuyến công quốc gia 5.586 triệu đồng; …"
        first += _("; of which %(parts)s") % {"parts": "; ".join(parts)}
    paragraphs = [first + "."]

    details = []
    if training.get("projects"):
        details.append(
            # Translators: "56 đề án đào tạo nghề cho 5.535 người"
            ngettext(
                "%(count)s vocational training project trained %(people)s people",
                "%(count)s vocational training projects trained %(people)s people",
                training["projects"],
            )
            % {"count": _n(training["projects"]), "people": _n(training.get("people"))}
        )
    for row in sorted(contents, key=lambda r: -r["projects"])[:3]:
        if not row["projects"]:
            continue
        details.append(
            ngettext(
                "%(count)s project of the content “%(content)s” (%(amount)s million VND)",
                "%(count)s projects of the content “%(content)s” (%(amount)s million VND)",
                row["projects"],
            )
            % {
                "count": _n(row["projects"]),
                "content": row["content"].split(". ", 1)[-1],
                "amount": _m(row["approved"]),
            }
        )
    if details:
        paragraphs.append(_("Notable results: %(details)s.") % {"details": "; ".join(details)})

    rate = None
    if total["state"]:
        rate = format_number(total["state_disbursed"] * 100 / total["state"], 1, trim=True)
    closing = ngettext(
        "%(accepted)s project has been accepted",
        "%(accepted)s projects have been accepted",
        accepted,
    ) % {"accepted": _n(accepted)}
    if rate is not None:
        closing += _(
            "; %(disbursed)s million VND of state support has been disbursed (%(rate)s%% of "
            "the approved state support)"
        ) % {
            "disbursed": _m(total["state_disbursed"]),
            "rate": rate,
        }
    paragraphs.append(closing + ".")
    if failed_checks:
        paragraphs.append(
            ngettext(
                "Note: %(count)s check of these figures does not reconcile; see the Checks "
                "section.",
                "Note: %(count)s checks of these figures do not reconcile; see the Checks section.",
                failed_checks,
            )
            % {"count": _n(failed_checks)}
        )
    return paragraphs
