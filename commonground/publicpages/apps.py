from django.apps import AppConfig


class PublicPagesConfig(AppConfig):
    name = "commonground.publicpages"
    label = "publicpages"

    def ready(self) -> None:
        from commonground.publicpages import personal_data  # noqa: F401  (registers what it holds)
        from commonground.publicpages.languages import register_language_info

        register_language_info()
