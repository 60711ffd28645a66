from django.contrib import admin
from django.urls import include, path

from commonground.api.api import api

urlpatterns = [
    path("", include("commonground.dashboard.urls")),
    path("accounts/", include("commonground.accounts.urls")),
    path("audit/", include("commonground.audit.urls")),
    path("jobs/", include("commonground.jobs.urls")),
    path("register/", include("commonground.register.urls")),
    path("people/", include("commonground.people.urls")),
    path("linkage/", include("commonground.linkage.urls")),
    path("density/", include("commonground.density.urls")),
    path("charters/", include("commonground.charters.urls")),
    path("campaigns/", include("commonground.campaigns.urls")),
    path("alliances/", include("commonground.alliances.urls")),
    path("library/", include("commonground.library.urls")),
    path("facility/", include("commonground.facility.urls")),
    path("motions/", include("commonground.motions.urls")),
    path("reports/", include("commonground.reports.urls")),
    path("pages/", include("commonground.publicpages.urls")),
    path("public/", include("commonground.publicpages.public_urls")),
    path("outreach/", include("commonground.outreach.urls")),
    path("api/v1/", api.urls),
    path("api/", include("commonground.api.urls")),
    path("django-admin/", admin.site.urls),
]
