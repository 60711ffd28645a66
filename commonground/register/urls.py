from __future__ import annotations

from django.urls import path

from commonground.register import views

app_name = "register"

urlpatterns = [
    path("", views.location_list, name="location-list"),
    path("export/", views.location_export, name="location-export"),
    path("locations/<str:cqc_id>/", views.location_detail, name="location-detail"),
    path(
        "locations/<str:cqc_id>/workforce/",
        views.location_workforce,
        name="location-workforce",
    ),
    path("providers/<int:pk>/", views.provider_detail, name="provider-detail"),
    path("councils/<str:ons_code>/", views.council_detail, name="council-detail"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("map/", views.region_map, name="region-map"),
    path("map/councils.geojson", views.map_councils, name="map-councils"),
    path("map/locations.geojson", views.map_locations, name="map-locations"),
    path("import/", views.import_create, name="import-create"),
    path("search/locations/", views.location_search, name="location-search"),
    path("search/providers/", views.provider_search, name="provider-search"),
    path("import/<int:pk>/rejected.csv", views.import_rejects, name="import-rejects"),
]
