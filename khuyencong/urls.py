from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from khuyencong.accounts import views as account_views
from khuyencong.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("language/", set_language, name="set_language"),
    path("organisations/", include("khuyencong.accounts.urls")),
    path("units/", include("khuyencong.geo.urls")),
    path("registry/", include("khuyencong.registry.urls")),
    path("projects/", include("khuyencong.projects.urls")),
    path("monitoring/", include("khuyencong.monitoring.urls")),
    path("contests/", include("khuyencong.contests.urls")),
    path("dashboards/", include("khuyencong.reports.dashboards.urls")),
    path("reports/submissions/", include("khuyencong.reports.submissions.urls")),
    path("reports/", include("khuyencong.reports.urls")),
    path("plans/", include("khuyencong.plans.urls")),
    path("system/", include("khuyencong.core.urls")),
    path("api/v1/", include("khuyencong.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
