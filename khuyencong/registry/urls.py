from django.urls import path

from khuyencong.registry.views import (
    artisans,
    collaborators,
    craft_villages,
    establishments,
    search,
)

app_name = "registry"

urlpatterns = [
    path("establishments/", establishments.establishment_list, name="establishment_list"),
    path("establishments/new/", establishments.establishment_create, name="establishment_create"),
    path(
        "establishments/<int:pk>/",
        establishments.establishment_detail,
        name="establishment_detail",
    ),
    path(
        "establishments/<int:pk>/edit/",
        establishments.establishment_edit,
        name="establishment_edit",
    ),
    path("merge/", establishments.establishment_merge, name="establishment_merge"),
    path("craft-villages/", craft_villages.craft_village_list, name="craft_village_list"),
    path("craft-villages/new/", craft_villages.craft_village_create, name="craft_village_create"),
    path(
        "craft-villages/<int:pk>/",
        craft_villages.craft_village_detail,
        name="craft_village_detail",
    ),
    path(
        "craft-villages/<int:pk>/edit/",
        craft_villages.craft_village_edit,
        name="craft_village_edit",
    ),
    path("artisans/", artisans.artisan_list, name="artisan_list"),
    path("artisans/new/", artisans.artisan_create, name="artisan_create"),
    path("artisans/<int:pk>/", artisans.artisan_detail, name="artisan_detail"),
    path("artisans/<int:pk>/edit/", artisans.artisan_edit, name="artisan_edit"),
    path("collaborators/", collaborators.collaborator_list, name="collaborator_list"),
    path("collaborators/new/", collaborators.collaborator_create, name="collaborator_create"),
    path("collaborators/<int:pk>/", collaborators.collaborator_detail, name="collaborator_detail"),
    path(
        "collaborators/<int:pk>/edit/",
        collaborators.collaborator_edit,
        name="collaborator_edit",
    ),
    path("coverage/", collaborators.coverage, name="coverage"),
    path("search/establishments/", search.establishment_search, name="establishment_search"),
    path("search/craft-villages/", search.craft_village_search, name="craft_village_search"),
    path("search/old-units/", search.old_unit_search, name="old_unit_search"),
]
