from django.urls import include, path

from khuyencong.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/actions/<slug:name>/", views.plan_transition, name="transition"),
    path("<int:pk>/propose/", views.plan_propose, name="propose"),
    path("<int:pk>/projects/<int:item>/select/", views.plan_select, name="select"),
    path("<int:pk>/allocations/new/", views.allocation_create, name="allocation_create"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/compare/", views.version_compare, name="compare"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("", include("khuyencong.plans.export_urls")),
]
