from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from commonground.facility import views

app_name = "facility"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.entry_list, name="entry-list"),
    path("new/", views.entry_edit, name="entry-create"),
    path("<int:pk>/edit/", views.entry_edit, name="entry-edit"),
    path("<int:pk>/decide/", views.entry_decide, name="entry-decide"),
    path("export.csv", views.entry_export, name="entry-export"),
    path("reports/", views.report, name="report"),
    path("employers/", views.employer_list, name="employer-list"),
    path("employers/new/", views.employer_edit, name="employer-create"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer-edit"),
    path("employers/<int:pk>/periods/new/", views.period_create, name="period-create"),
    path("figures/<int:pk>/", views.figures, name="figures"),
    path("figures/<int:pk>/export.csv", views.figures_export, name="figures-export"),
]
