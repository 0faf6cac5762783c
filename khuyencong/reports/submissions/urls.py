from django.urls import path

from khuyencong.reports.submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("submit/", views.submit, name="submit"),
    path("province/<int:pk>/", views.province, name="province"),
    path("<int:pk>/", views.detail, name="detail"),
]
