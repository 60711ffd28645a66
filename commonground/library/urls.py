from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from commonground.library import views

app_name = "library"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.item_list, name="item-list"),
    path("export/", views.item_export, name="item-export"),
    path("new/", views.item_edit, name="item-create"),
    path("<int:pk>/", views.item_detail, name="item-detail"),
    path("<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("<int:pk>/print/", views.item_print, name="item-print"),
    path("<int:pk>/publish/", views.item_publish, name="item-publish"),
    path("<int:pk>/delete/", views.item_delete, name="item-delete"),
    path("<int:pk>/files/", views.attachment_add, name="attachment-add"),
    path("<int:pk>/files/<int:file_pk>/", views.attachment_download, name="attachment-download"),
    path("<int:pk>/files/<int:file_pk>/delete/", views.attachment_delete, name="attachment-delete"),
    # Logged-out pages; /library/public/ is let through the two-factor middleware.
    path("public/", views.public_list, name="public-list"),
    path("public/<slug:slug>/", views.public_detail, name="public-detail"),
    path(
        "public/<slug:slug>/files/<int:file_pk>/",
        views.public_attachment,
        name="public-attachment",
    ),
]
