from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from khuyencong.core.text import fold
from khuyencong.geo import selectors
from khuyencong.geo.models import Commune, Province, ProvinceSuccession


@login_required
def province_list(request: HttpRequest) -> HttpResponse:
    era = "before" if request.GET.get("era") == "before" else "current"
    if era == "current":
        provinces = (
            Province.objects.current()
            .annotate(commune_count=Count("communes", filter=Q(communes__valid_to__isnull=True)))
            .prefetch_related(
                Prefetch(
                    "predecessors",
                    queryset=ProvinceSuccession.objects.select_related("old").order_by("old__name"),
                )
            )
            .order_by("name")
        )
    else:
        provinces = (
            Province.objects.before_reform()
            .annotate(district_count=Count("districts", distinct=True))
            .select_related("succession__new")
            .order_by("name")
        )
    return render(request, "geo/province_list.html", {"provinces": provinces, "era": era})


@login_required
def province_detail(request: HttpRequest, pk: int) -> HttpResponse:
    province = get_object_or_404(Province, pk=pk)
    q = request.GET.get("q", "")
    communes = province.communes.filter(valid_to=province.valid_to).select_related("district")
    if q:
        communes = communes.filter(name_folded__contains=fold(q))
    return render(
        request,
        "geo/province_detail.html",
        {"province": province, "communes": communes.order_by("name"), "q": q},
    )


@login_required
def commune_search(request: HttpRequest) -> JsonResponse:
    """Today's communes for a searchable select: ?province=<id>&q=<text> (diacritics ignored)."""
    q = request.GET.get("q", "")
    province_id = request.GET.get("province", "")
    if province_id.isdecimal():
        province = get_object_or_404(Province, pk=int(province_id))
        communes = selectors.communes_for_select(province, q, limit=50)
    else:
        matches = Commune.objects.current().select_related("province")
        if q.strip():
            matches = matches.filter(name_folded__contains=fold(q))
        communes = list(matches.order_by("name_folded", "code")[:50])
    provinces = Province.objects.in_bulk({c.province_id for c in communes})
    results = [
        {"id": c.pk, "text": f"{c.full_name}, {provinces[c.province_id].name}"} for c in communes
    ]
    return JsonResponse({"results": results})
