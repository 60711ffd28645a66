from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "commonground.library"
    label = "library"
