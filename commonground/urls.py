from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("commonground.dashboard.urls")),
    path("accounts/", include("commonground.accounts.urls")),
    path("audit/", include("commonground.audit.urls")),
    path("jobs/", include("commonground.jobs.urls")),
    path("django-admin/", admin.site.urls),
]
