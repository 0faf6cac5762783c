from django.urls import path

from khuyencong.geo import views

app_name = "geo"

urlpatterns = [
    path("", views.province_list, name="province_list"),
    path("<int:pk>/", views.province_detail, name="province_detail"),
    path("communes/search/", views.commune_search, name="commune_search"),
]
