"""Downloads of a plan: the plan annex (phụ lục kế hoạch) as an xlsx workbook.

`?version=<n>` gives the plan as version n held it; `?version=current` the current list (the
amendment in preparation, or the proposals before approval). Without it: the latest version, or
the current list before the first approval. Another province's plan, or a version that does not
exist, is "not found".
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from khuyencong.core.importexport.files import XLSX_TYPE
from khuyencong.plans import annex, selectors
from khuyencong.plans.models import PlanVersion

CURRENT = "current"


@login_required
@require_GET
def plan_annex(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=pk)
    wanted = request.GET.get("version", "").strip()
    if wanted == CURRENT:
        version = None
    elif wanted:
        if not wanted.isdecimal():
            raise Http404
        version = selectors.version_get(user=request.user, plan=plan, number=int(wanted))
    else:
        version = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    document = annex.build_annex(plan, version)
    response = HttpResponse(annex.write_xlsx(document), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{annex.filename(document)}"'
    return response
