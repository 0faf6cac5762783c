"""Dashboard pages: a province's (its staff, or national users choosing the province) and the
ministry's (the map, the scorecard, the trends), and the boundary file of the map."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from khuyencong.core import formatting
from khuyencong.geo.models import Province
from khuyencong.reports.dashboards import boundaries
from khuyencong.reports.dashboards import queries as q
from khuyencong.reports.forms import allowed_provinces
from khuyencong.reports.pages import check_staff


def _year(value: str | None, default: int, errors: list[str], label: str) -> int:
    if value is None or value.strip() == "":
        return default
    value = value.strip()
    if not value.isdecimal() or not q.MIN_YEAR <= int(value) <= q.MAX_YEAR:
        errors.append(
            _("%(label)s must be a year between %(min)s and %(max)s.")
            % {"label": label, "min": q.MIN_YEAR, "max": q.MAX_YEAR}
        )
        return default
    return int(value)


def display(indicator: q.Indicator, value) -> str:
    if value is None:
        return "-"
    if indicator.kind == "int":
        return formatting.format_number(value)
    if indicator.kind == "million":
        return formatting.format_number(value, 1)
    return formatting.format_number(value, 1) + " %"


def _million(value) -> float:
    return float(value) if value is not None else 0.0


@login_required
@require_GET
def national(request: HttpRequest) -> HttpResponse:
    check_staff(request.user)
    if not request.user.is_national:
        context = {"refused": _("The national dashboard is for the ministry's officers.")}
        return render(request, "reports/dashboards/national.html", context, status=403)
    this_year = timezone.localdate().year
    errors: list[str] = []
    indicator = request.GET.get("indicator", q.DEFAULT_INDICATOR) or q.DEFAULT_INDICATOR
    if indicator not in q.INDICATORS:
        errors.append(_("Unknown indicator: choose one from the list."))
        indicator = q.DEFAULT_INDICATOR
    first = _year(request.GET.get("year_from"), this_year, errors, _("The first year"))
    last = _year(request.GET.get("year_to"), first, errors, _("The last year"))
    if first > last:
        errors.append(_("The first year must not be after the last year."))
        first = last = this_year
    elif last - first + 1 > q.MAX_SPAN:
        errors.append(_("Choose at most %(n)s years.") % {"n": q.MAX_SPAN})
        first = last = this_year
    provinces = allowed_provinces(request.user)
    trend_province = None
    wanted = request.GET.get("trend_province", "").strip()
    if wanted:
        trend_province = next((pr for pr in provinces if str(pr.pk) == wanted), None)
        if trend_province is None:
            errors.append(_("Unknown province for the trends."))
    if errors:
        # Bad input: say what is wrong, show nothing computed from a guess.
        context = {
            "errors": errors,
            "indicators": q.INDICATORS.values(),
            "indicator": indicator,
            "provinces": provinces,
            "year_from": request.GET.get("year_from", ""),
            "year_to": request.GET.get("year_to", ""),
        }
        return render(request, "reports/dashboards/national.html", context, status=400)

    rows = q.province_values(request.user, first, last)
    chosen = q.INDICATORS[indicator]
    ranking = q.ranked(rows, indicator)
    for row in ranking:
        row["cells"] = [
            {
                "key": i.key,
                "text": display(i, row["values"][i.key]) if row["has_data"] else "-",
                "light": row["lights"][i.key] if row["has_data"] else None,
            }
            for i in q.INDICATORS.values()
        ]
    trend_first = min(first, last - q.TREND_YEARS + 1)
    trend = q.trends(request.user, trend_first, last, trend_province)
    any_data = any(r["has_data"] for r in rows)
    values = [r["values"][indicator] for r in rows if r["has_data"]]
    chart = {
        "kind": "national",
        "boundaries": reverse("dashboards:boundaries"),
        "map": {
            "indicator": str(chosen.label),
            "unit": str(chosen.unit),
            "max": float(max([v for v in values if v is not None], default=0) or 0),
            "data": [
                {
                    "name": r["province"].name,
                    "code": r["province"].code,
                    "value": (
                        float(r["values"][indicator])
                        if r["has_data"] and r["values"][indicator] is not None
                        else None
                    ),
                }
                for r in rows
            ],
            "archipelagos": [
                {
                    "name": a["name"],
                    "value": list(a["label_at"]),
                    "label": {"position": a["label_position"]},
                }
                for a in boundaries.ARCHIPELAGOS
            ],
        },
        "trend": {
            "years": [str(t["year"]) for t in trend],
            "projects": [t["projects"] for t in trend],
            "state": [_million(t["state"]) for t in trend],
            "approved": [_million(t["approved"]) for t in trend],
        },
        "labels": {
            "empty": _("No data for these years."),
            "no_value": _("no data"),
            "projects": _("Projects carried out"),
            "state": _("State support approved (million VND)"),
            "approved": _("Total approved (million VND)"),
            "million": _("million VND"),
            "map_failed": _("The map could not be loaded."),
        },
    }
    context = {
        "indicators": q.INDICATORS.values(),
        "indicator": indicator,
        "chosen": chosen,
        "provinces": provinces,
        "trend_province": trend_province,
        "year_from": first,
        "year_to": last,
        "single_year": first == last,
        "rows": ranking,
        "columns": list(q.INDICATORS.values()),
        "thresholds": [
            {"indicator": q.INDICATORS[key], **limits}
            for key, limits in q.thresholds().items()
            if key in q.INDICATORS
        ],
        "any_data": any_data,
        "trend_first": trend_first,
        "chart": chart,
    }
    return render(request, "reports/dashboards/national.html", context)


@login_required
@require_GET
def province(request: HttpRequest) -> HttpResponse:
    check_staff(request.user)
    provinces = allowed_provinces(request.user)
    today = timezone.localdate()
    errors: list[str] = []
    year = _year(request.GET.get("year"), today.year, errors, _("The year"))
    wanted = request.GET.get("province", "").strip()
    chosen: Province | None = None
    if wanted:
        chosen = next((pr for pr in provinces if str(pr.pk) == wanted), None)
        if chosen is None:
            raise Http404(_("This province is outside your scope."))
    elif not request.user.is_national and provinces:
        chosen = provinces[0]
    context = {
        "provinces": provinces,
        "province": chosen,
        "year": year,
        "year_input": request.GET.get("year", year),
        "errors": errors,
    }
    if errors:
        return render(request, "reports/dashboards/province.html", context, status=400)
    if chosen is None:
        if not request.user.is_national:
            context["refused"] = _("Your account has no province.")
            return render(request, "reports/dashboards/province.html", context, status=403)
        return render(request, "reports/dashboards/province.html", context)
    data = q.province_dashboard(request.user, chosen, year, today)
    context.update(data)
    context["chart"] = {
        "kind": "province",
        "money": {
            "categories": [row["source"].name for row in data["money"]],
            "series": [
                {
                    "name": _("Approved"),
                    "data": [_million(row["approved"] / 1e6) for row in data["money"]],
                },
                {
                    "name": _("Disbursed"),
                    "data": [_million(row["disbursed"] / 1e6) for row in data["money"]],
                },
            ],
        },
        "contents": {
            "integer": True,
            "categories": [
                f"{row['content'].code}. {row['content'].name}" for row in data["by_content"]
            ],
            "series": [
                {"name": _("Projects"), "data": [row["projects"] for row in data["by_content"]]}
            ],
        },
        "labels": {"empty": _("No data for this year."), "million": _("million VND")},
    }
    return render(request, "reports/dashboards/province.html", context)


@login_required
@require_GET
def boundary_file(request: HttpRequest) -> HttpResponse:
    """The map's boundary file: the administrator's replacement, else the shipped one."""
    check_staff(request.user)
    path = boundaries.current_path()
    if path is None:
        raise Http404(_("The province boundary file is missing."))
    response = FileResponse(open(path, "rb"), content_type="application/json")  # noqa: SIM115
    response["Cache-Control"] = "private, max-age=3600"
    return response
