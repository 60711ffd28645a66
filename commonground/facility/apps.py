from django.apps import AppConfig


class FacilityConfig(AppConfig):
    name = "commonground.facility"
    label = "facility"
