"""JSON endpoints for the searchable selects of the monitoring forms (scoped like the pages)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse

from khuyencong.monitoring import selectors


@login_required
def project_search(request: HttpRequest) -> JsonResponse:
    rows = selectors.projects_for_select(user=request.user, q=request.GET.get("q", ""))
    return JsonResponse({"results": [{"id": p.pk, "text": f"{p.code} · {p.title}"} for p in rows]})


@login_required
def establishment_search(request: HttpRequest) -> JsonResponse:
    project = request.GET.get("project", "")
    rows = selectors.establishments_for_select(
        user=request.user,
        q=request.GET.get("q", ""),
        project_id=int(project) if project.isdecimal() else None,
    )
    results = [
        {
            "id": e.pk,
            "text": " · ".join(
                p for p in (e.name, e.commune.name if e.commune else "", e.province.name) if p
            ),
        }
        for e in rows
    ]
    return JsonResponse({"results": results})
