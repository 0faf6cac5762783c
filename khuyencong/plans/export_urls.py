"""Downloads of a plan, included by `plans/urls.py` (names in the `plans` namespace):
`path("", include("khuyencong.plans.export_urls"))`."""

from django.urls import path

from khuyencong.plans import export_views

urlpatterns = [
    path("<int:pk>/annex.xlsx", export_views.plan_annex, name="plan_annex"),
]
