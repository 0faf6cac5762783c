"""JSON endpoints for the searchable selects of the registry forms (scoped like the pages)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse

from khuyencong.geo.models import ProvinceSuccession
from khuyencong.registry import selectors


def _province_id(request: HttpRequest) -> int | None:
    value = request.GET.get("province", "")
    return int(value) if value.isdecimal() else None


@login_required
def establishment_search(request: HttpRequest) -> JsonResponse:
    rows = selectors.establishments_for_select(user=request.user, q=request.GET.get("q", ""))
    results = [
        {
            "id": e.pk,
            "text": " · ".join(p for p in (e.name, e.tax_code, e.province.name) if p),
        }
        for e in rows
    ]
    return JsonResponse({"results": results})


@login_required
def craft_village_search(request: HttpRequest) -> JsonResponse:
    rows = selectors.craft_villages_for_select(
        user=request.user, q=request.GET.get("q", ""), province_id=_province_id(request)
    )
    results = [{"id": v.pk, "text": f"{v.name} · {v.province.name}"} for v in rows]
    return JsonResponse({"results": results})


@login_required
def old_unit_search(request: HttpRequest) -> JsonResponse:
    """Districts or communes before 1/7/2025: ?level=district|commune&q=…[&province=<today's>]."""
    units = selectors.old_units_for_select(
        level=request.GET.get("level", ""), q=request.GET.get("q", "")
    )
    province_id = _province_id(request)
    if province_id is not None:
        old = set(
            ProvinceSuccession.objects.filter(new_id=province_id).values_list("old_id", flat=True)
        )
        units = [u for u in units if u.province_id in old]
    results = []
    for unit in units:
        parts = [unit.full_name]
        if getattr(unit, "district", None) is not None:
            parts.append(unit.district.full_name)
        parts.append(unit.province.name)
        results.append({"id": unit.pk, "text": ", ".join(parts)})
    return JsonResponse({"results": results})
