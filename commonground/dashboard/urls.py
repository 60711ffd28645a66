from django.urls import path

from commonground.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.root, name="root"),
    path("dashboard/", views.home, name="home"),
    path("soon/<slug:slug>/", views.domain, name="domain"),
    path("health/", views.health, name="health"),
]
