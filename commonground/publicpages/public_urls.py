"""The public addresses of pages: ``/public/<slug>/`` and its companions (no login)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from commonground.publicpages import public_views as views

app_name = "public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<slug:slug>/", views.page_view, name="page"),
    path("<slug:slug>/thanks/", views.page_thanks, name="thanks"),
    path("<slug:slug>/embed/", views.page_embed, name="page-embed"),
    path("<slug:slug>/embed/thanks/", views.page_thanks_embed, name="thanks-embed"),
    path("<slug:slug>/workplaces/", views.workplaces, name="workplaces"),
    path("<slug:slug>/qr.svg", views.page_qr, name="qr"),
    path("<slug:slug>/poster/", views.page_poster, name="poster"),
]
