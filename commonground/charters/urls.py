from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from commonground.charters import views

app_name = "charters"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.charter_list, name="charter-list"),
    path("targets/", views.target_list, name="target-list"),
    path("targets/export/", views.target_export, name="target-export"),
    path("targets/add/", views.target_create, name="target-create"),
    path("targets/add-councils/", views.target_add_councils, name="target-add-councils"),
    path("targets/<int:pk>/", views.target_detail, name="target-detail"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target-edit"),
    path("targets/<int:pk>/<slug:slug>/status/", views.status_change, name="status-change"),
    path("targets/<int:pk>/<slug:slug>/pledge/", views.pledge_outcome, name="pledge-outcome"),
    path(
        "targets/<int:pk>/<slug:slug>/compliance/",
        views.compliance_record,
        name="compliance-record",
    ),
    path("targets/<int:pk>/<slug:slug>/letter/", views.letter_create, name="letter-create"),
    path("letters/<int:pk>/", views.letter_detail, name="letter-detail"),
    path("letters/<int:pk>/letter.pdf", views.letter_pdf, name="letter-pdf"),
    path("letters/<int:pk>/letter.txt", views.letter_text, name="letter-text"),
    path("letters/<int:pk>/sent/", views.letter_sent, name="letter-sent"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("map/", views.charter_map, name="map"),
    path("map.geojson", views.map_geojson, name="map-geojson"),
    path("scoreboard/", views.scoreboard_view, name="scoreboard"),
    path("scoreboard/export/", views.scoreboard_export, name="scoreboard-export"),
    path("public/", views.public_index, name="public-index"),
    path("public/<slug:slug>/", views.public_scoreboard, name="public-scoreboard"),
    path("public/<slug:slug>/map.geojson", views.public_geojson, name="public-geojson"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="commitment-edit"),
    path("commitments/<int:pk>/move/", views.commitment_move, name="commitment-move"),
    # Charter pages come last so that their slugs cannot shadow the pages above.
    path("<slug:slug>/", views.charter_detail, name="charter-detail"),
    path("<slug:slug>/edit/", views.charter_edit, name="charter-edit"),
    path("<slug:slug>/commitments/add/", views.commitment_create, name="commitment-create"),
    path("<slug:slug>/publish/", views.scoreboard_publish, name="scoreboard-publish"),
]
