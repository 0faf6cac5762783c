"""REST API of inspections, follow-up actions and after-support surveys. Reads go through the
selectors (another province's record is a 404), writes through the services; an update names the
`version` it was based on (409 when someone saved since)."""

from khuyencong.monitoring.api.follow_ups import FollowUpViewSet
from khuyencong.monitoring.api.inspections import InspectionViewSet
from khuyencong.monitoring.api.surveys import SurveyViewSet

__all__ = ["FollowUpViewSet", "InspectionViewSet", "SurveyViewSet"]
