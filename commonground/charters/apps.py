from django.apps import AppConfig


class ChartersConfig(AppConfig):
    name = "commonground.charters"
    label = "charters"
