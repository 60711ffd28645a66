from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from commonground.people import import_views, privacy_views, succession_views, views

app_name = "people"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.person_list, name="person-list"),
    path("export/", views.person_export, name="person-export"),
    path("contact-list/", privacy_views.contact_list, name="contact-list"),
    path("add/", views.person_add, name="person-add"),
    path("my-work/", views.my_work, name="my-work"),
    path("duplicates/", views.duplicate_list, name="duplicate-list"),
    path("merge/<int:keep_pk>/<int:drop_pk>/", views.person_merge, name="person-merge"),
    path("workplaces/<int:location_pk>/", views.workplace_wall, name="workplace-wall"),
    path(
        "registrations/<str:cqc_id>/carry-over/",
        succession_views.location_carry_over,
        name="location-carry-over",
    ),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("<int:pk>/assess/", views.person_assess, name="person-assess"),
    path("<int:pk>/conversations/", views.person_converse, name="person-converse"),
    path("<int:pk>/roles/", views.person_role, name="person-role"),
    path("<int:pk>/follow-up-done/", views.person_follow_up_done, name="person-follow-up-done"),
    path(
        "<int:pk>/subject-access/",
        privacy_views.person_subject_access,
        name="person-subject-access",
    ),
    path("<int:pk>/erase/", privacy_views.person_erase, name="person-erase"),
    path("import/", import_views.import_list, name="import-list"),
    path("import/new/", import_views.import_start, name="import-start"),
    path("import/<int:pk>/mapping/", import_views.import_mapping, name="import-mapping"),
    path("import/<int:pk>/", import_views.import_detail, name="import-detail"),
    path("import/<int:pk>/confirm/", import_views.import_confirm, name="import-confirm"),
    path("import/<int:pk>/rejected.csv", import_views.import_rejects, name="import-rejects"),
]
