from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "commonground.register"
    label = "register"
    verbose_name = "Care register"
