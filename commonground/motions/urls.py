from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from commonground.motions import views

app_name = "motions"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.motion_list, name="motion-list"),
    path("export/", views.motion_export, name="motion-export"),
    path("import/", views.motion_import, name="motion-import"),
    path("<int:pk>/", views.motion_detail, name="motion-detail"),
    path("<int:pk>/edit/", views.motion_edit, name="motion-edit"),
    path("calls/<int:pk>/update/", views.call_update, name="call-update"),
    path("calls/<int:pk>/assign/", views.call_assign, name="call-assign"),
]
