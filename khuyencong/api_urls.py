"""The REST API: one router for every app's endpoints."""

from rest_framework.routers import DefaultRouter

from khuyencong.accounts.api import OrganisationViewSet

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")

urlpatterns = router.urls
