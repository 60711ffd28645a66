from django.urls import path

from commonground.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("campaign.pdf", views.report_pdf, name="report-pdf"),
]
