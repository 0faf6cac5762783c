"""The REST API: one router for every app's endpoints."""

from rest_framework.routers import DefaultRouter

from khuyencong.accounts.api import OrganisationViewSet
from khuyencong.monitoring.api import FollowUpViewSet, InspectionViewSet, SurveyViewSet
from khuyencong.plans.api import PlanViewSet, ProgrammeViewSet
from khuyencong.policy.api import IndicatorViewSet
from khuyencong.projects.api import ProjectViewSet
from khuyencong.registry.api import (
    ArtisanViewSet,
    CollaboratorViewSet,
    CraftVillageViewSet,
    EstablishmentViewSet,
)

router = DefaultRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("establishments", EstablishmentViewSet, basename="establishment")
router.register("craft-villages", CraftVillageViewSet, basename="craft-village")
router.register("artisans", ArtisanViewSet, basename="artisan")
router.register("collaborators", CollaboratorViewSet, basename="collaborator")
router.register("projects", ProjectViewSet, basename="project")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("plans", PlanViewSet, basename="plan")

from khuyencong.contests import api as contests_api  # noqa: E402

router.register("contest-rounds", contests_api.RoundViewSet, basename="contest-round")
router.register("contest-entries", contests_api.EntryViewSet, basename="contest-entry")
router.register(
    "contest-certificates", contests_api.CertificateViewSet, basename="contest-certificate"
)

urlpatterns = router.urls
