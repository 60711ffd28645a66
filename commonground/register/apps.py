from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "commonground.register"
    label = "register"
    verbose_name = "Care register"

    def ready(self) -> None:
        from commonground.imports.registry import register_importer
        from commonground.register.import_runs import IMPORTER

        register_importer(IMPORTER)
