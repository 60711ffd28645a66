from django.apps import AppConfig


class PublicPagesConfig(AppConfig):
    name = "commonground.publicpages"
    label = "publicpages"

    def ready(self) -> None:
        from commonground.publicpages.languages import register_language_info

        register_language_info()
