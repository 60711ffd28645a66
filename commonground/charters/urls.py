from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from commonground.charters.views import charters, letters, public, scoreboard, targets

app_name = "charters"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", charters.charter_list, name="charter-list"),
    path("targets/", targets.target_list, name="target-list"),
    path("targets/export/", targets.target_export, name="target-export"),
    path("targets/add/", targets.target_create, name="target-create"),
    path("targets/add-councils/", targets.target_add_councils, name="target-add-councils"),
    path("targets/<int:pk>/", targets.target_detail, name="target-detail"),
    path("targets/<int:pk>/edit/", targets.target_edit, name="target-edit"),
    path("targets/<int:pk>/<slug:slug>/status/", targets.status_change, name="status-change"),
    path("targets/<int:pk>/<slug:slug>/pledge/", targets.pledge_outcome, name="pledge-outcome"),
    path(
        "targets/<int:pk>/<slug:slug>/compliance/",
        targets.compliance_record,
        name="compliance-record",
    ),
    path("targets/<int:pk>/<slug:slug>/letter/", letters.letter_create, name="letter-create"),
    path("letters/<int:pk>/", letters.letter_detail, name="letter-detail"),
    path("letters/<int:pk>/letter.pdf", letters.letter_pdf, name="letter-pdf"),
    path("letters/<int:pk>/letter.txt", letters.letter_text, name="letter-text"),
    path("letters/<int:pk>/sent/", letters.letter_sent, name="letter-sent"),
    path("evidence/<int:pk>/", targets.evidence_download, name="evidence-download"),
    path("map/", scoreboard.charter_map, name="map"),
    path("map.geojson", scoreboard.map_geojson, name="map-geojson"),
    path("scoreboard/", scoreboard.scoreboard_view, name="scoreboard"),
    path("scoreboard/export/", scoreboard.scoreboard_export, name="scoreboard-export"),
    path("public/", public.public_index, name="public-index"),
    path("public/<slug:slug>/", public.public_scoreboard, name="public-scoreboard"),
    path("public/<slug:slug>/map.geojson", public.public_geojson, name="public-geojson"),
    path("commitments/<int:pk>/edit/", charters.commitment_edit, name="commitment-edit"),
    path("commitments/<int:pk>/move/", charters.commitment_move, name="commitment-move"),
    # Charter pages come last so that their slugs cannot shadow the pages above.
    path("<slug:slug>/", charters.charter_detail, name="charter-detail"),
    path("<slug:slug>/edit/", charters.charter_edit, name="charter-edit"),
    path("<slug:slug>/commitments/add/", charters.commitment_create, name="commitment-create"),
    path("<slug:slug>/publish/", charters.scoreboard_publish, name="scoreboard-publish"),
]
