from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from commonground.publicpages import views

app_name = "pages"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.page_list, name="page-list"),
    path("add/", views.page_create, name="page-create"),
    path("add/charter-survey/", views.charter_survey_create, name="charter-survey-create"),
    path("submissions/", views.submission_list, name="submission-list"),
    path("submissions/export/", views.submission_export, name="submission-export"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission-detail"),
    path("submissions/<int:pk>/done/", views.submission_done, name="submission-done"),
    path("submissions/<int:pk>/retry/", views.submission_retry, name="submission-retry"),
    path("<int:pk>/", views.page_detail, name="page-detail"),
    path("<int:pk>/edit/", views.page_edit, name="page-edit"),
    path("<int:pk>/open/", views.page_open, name="page-open"),
    path("<int:pk>/translate/<str:language>/", views.page_translate, name="page-translate"),
    path("<int:pk>/questions/add/", views.question_create, name="question-create"),
    path("<int:pk>/questions/<int:question_pk>/", views.question_edit, name="question-edit"),
    path(
        "<int:pk>/questions/<int:question_pk>/delete/",
        views.question_delete,
        name="question-delete",
    ),
    path("<int:pk>/results/", views.page_results, name="page-results"),
    path("<int:pk>/results/export/", views.results_export, name="results-export"),
]
