from django.urls import path

from commonground.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.root, name="root"),
    path("dashboard/", views.home, name="home"),
    path("dashboard/my-day/", views.my_day, name="my-day"),
    path("search/", views.search_page, name="search"),
    path("help/", views.help_index, name="help"),
    path("help/guide/hide/", views.guide_hide, name="guide-hide"),
    path("help/<slug:slug>/", views.help_topic, name="help-topic"),
    path("soon/<slug:slug>/", views.domain, name="domain"),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
]
