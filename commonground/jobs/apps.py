from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "commonground.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
