from django.apps import AppConfig


class MotionsConfig(AppConfig):
    name = "commonground.motions"
    label = "motions"
