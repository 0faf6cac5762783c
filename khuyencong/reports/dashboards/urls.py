from django.urls import path

from khuyencong.reports.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.province, name="province"),
    path("national/", views.national, name="national"),
    path("map/provinces.json", views.boundary_file, name="boundaries"),
]
