from django.apps import AppConfig


class DensityConfig(AppConfig):
    name = "commonground.density"
    label = "density"
