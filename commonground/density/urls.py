from __future__ import annotations

from django.urls import path

from commonground.density import views

app_name = "density"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("map/councils.geojson", views.map_councils, name="map-councils"),
    path("targets/", views.target_list, name="targets"),
    path("targets/export/", views.target_export, name="target-export"),
    path("<str:level>/", views.table, name="table"),
    path("<str:level>/export.csv", views.table_export, name="table-export"),
]
