from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from commonground.campaigns import views

app_name = "campaigns"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.campaign_list, name="campaign-list"),
    path("add/", views.campaign_create, name="campaign-create"),
    path("events/", views.event_list, name="event-list"),
    path("events/export/", views.event_export, name="event-export"),
    path("events/calendar/", views.event_calendar, name="event-calendar"),
    path("events/timeline/", views.event_timeline, name="event-timeline"),
    path("events/add/", views.event_create, name="event-create"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("events/<int:pk>/signup/", views.event_signup, name="event-signup"),
    path("<slug:slug>/", views.campaign_detail, name="campaign-detail"),
    path("<slug:slug>/edit/", views.campaign_edit, name="campaign-edit"),
    path("<slug:slug>/partners/", views.campaign_partners, name="campaign-partners"),
    path("<slug:slug>/goals/add/", views.goal_create, name="goal-create"),
    path("<slug:slug>/goals/<int:pk>/delete/", views.goal_delete, name="goal-delete"),
]
