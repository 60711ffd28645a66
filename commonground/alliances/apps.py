from django.apps import AppConfig


class AlliancesConfig(AppConfig):
    name = "commonground.alliances"
    label = "alliances"
