from django.urls import path

from commonground.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("campaign.pdf", views.report_pdf, name="report-pdf"),
    path("campaigns/<slug:slug>/", views.campaign_report, name="campaign-report"),
    path("campaigns/<slug:slug>/report.pdf", views.campaign_report_pdf, name="campaign-report-pdf"),
]
