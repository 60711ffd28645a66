from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "commonground.linkage"
    label = "linkage"
