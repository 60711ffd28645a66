from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "commonground.reports"
    label = "reports"
