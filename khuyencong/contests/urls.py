from django.urls import path

from khuyencong.contests.views import catalogue, entries, rounds

app_name = "contests"

urlpatterns = [
    path("", rounds.round_list, name="round_list"),
    path("new/", rounds.round_create, name="round_create"),
    path("<int:pk>/", rounds.round_detail, name="round_detail"),
    path("<int:pk>/edit/", rounds.round_edit, name="round_edit"),
    path("<int:pk>/results/", rounds.round_results, name="round_results"),
    path("<int:pk>/actions/<slug:name>/", rounds.round_transition, name="round_transition"),
    path("<int:pk>/conflicts/new/", rounds.conflict_add, name="conflict_add"),
    path("<int:pk>/sheet/", rounds.sheet_edit, name="sheet_edit"),
    path("<int:pk>/certify/", rounds.certify, name="certify"),
    path("<int:pk>/nominate/", rounds.nominate, name="nominate"),
    path("<int:pk>/entries/new/", entries.entry_create, name="entry_create"),
    path("entries/<int:pk>/", entries.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/files/", entries.files_add, name="files_add"),
    path("entries/<int:pk>/jurors/", entries.jurors_edit, name="jurors_edit"),
    path("entries/<int:pk>/score/", entries.score, name="score"),
    path("photos/<int:pk>/", entries.photo, name="photo"),
    path("documents/<int:pk>/", entries.document, name="document"),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("report/", catalogue.report, name="report"),
]
