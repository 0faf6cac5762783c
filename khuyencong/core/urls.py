from django.urls import path

from khuyencong.core import views
from khuyencong.core.importexport import views as importexport

app_name = "core"

urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("import/<slug:slug>/", importexport.upload, name="import"),
    path("import/<slug:slug>/commit/", importexport.commit, name="import_commit"),
    path("import/<slug:slug>/template.xlsx", importexport.template, name="import_template"),
    path("export/<slug:slug>/", importexport.export, name="export"),
]
