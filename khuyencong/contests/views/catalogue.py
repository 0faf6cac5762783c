"""The catalogue of certified products (every signed-in user) and the report of certificates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from khuyencong.contests import selectors
from khuyencong.contests.models import Level, ProductGroup

PAGE_SIZE = 24


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level") or None
    group = request.GET.get("group") or None
    rows = selectors.catalogue(level=level, group=group)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contests/catalogue.html",
        {
            "page_obj": page,
            "levels": Level.choices,
            "groups": ProductGroup.choices,
            "level": level,
            "group": group,
        },
    )


@login_required
def report(request: HttpRequest) -> HttpResponse:
    return render(
        request, "contests/report.html", {"report": selectors.certified_report(user=request.user)}
    )
