from django.urls import path
from django.views.generic import RedirectView

from khuyencong.monitoring.views import follow_ups, inspections, search, surveys

app_name = "monitoring"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="monitoring:inspection_list"), name="index"),
    path("plans/", inspections.plan_list, name="plan_list"),
    path("plans/new/", inspections.plan_create, name="plan_create"),
    path("plans/<int:pk>/", inspections.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", inspections.plan_edit, name="plan_edit"),
    path("inspections/", inspections.inspection_list, name="inspection_list"),
    path("inspections/new/", inspections.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", inspections.inspection_edit, name="inspection_edit"),
    path("inspections/<int:pk>/record/", inspections.inspection_record, name="inspection_record"),
    path("inspections/<int:pk>/cancel/", inspections.inspection_cancel, name="inspection_cancel"),
    path("inspections/<int:pk>/findings/new/", inspections.finding_add, name="finding_add"),
    path("findings/<int:pk>/edit/", inspections.finding_edit, name="finding_edit"),
    path("inspections/<int:pk>/photos/", inspections.photo_upload, name="photo_upload"),
    path("photos/<int:pk>/", inspections.photo_view, name="photo"),
    path("inspections/<int:pk>/follow-ups/new/", inspections.follow_up_add, name="follow_up_add"),
    path("follow-ups/", follow_ups.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/", follow_ups.follow_up_detail, name="follow_up_detail"),
    path("follow-ups/<int:pk>/edit/", follow_ups.follow_up_edit, name="follow_up_edit"),
    path(
        "follow-ups/<int:pk>/actions/<slug:name>/",
        follow_ups.follow_up_transition,
        name="follow_up_transition",
    ),
    path("surveys/", surveys.survey_due, name="survey_due"),
    path("surveys/all/", surveys.survey_list, name="survey_list"),
    path("surveys/new/", surveys.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/record/", surveys.survey_record, name="survey_record"),
    path("search/projects/", search.project_search, name="project_search"),
    path("search/establishments/", search.establishment_search, name="establishment_search"),
]
