from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "commonground.imports"
    label = "imports"
