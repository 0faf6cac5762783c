from django.urls import path

from khuyencong.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("data-quality/", views.data_quality, name="data_quality"),
    path("<slug:slug>/", views.report, name="report"),
]
