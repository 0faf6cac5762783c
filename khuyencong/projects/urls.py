from django.urls import path

from khuyencong.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("mine/", views.my_projects, name="mine"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/budget/", views.budget_edit, name="budget"),
    path("<int:pk>/outputs/", views.outputs_edit, name="outputs"),
    path("<int:pk>/transactions/new/", views.movement_add, name="movement_add"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("documents/<int:pk>/remove/", views.document_remove, name="document_remove"),
    path("<int:pk>/actions/<slug:name>/", views.project_transition, name="transition"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
]
