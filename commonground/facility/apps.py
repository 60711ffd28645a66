from django.apps import AppConfig


class FacilityConfig(AppConfig):
    name = "commonground.facility"
    label = "facility"

    def ready(self) -> None:
        from commonground.facility import personal_data  # noqa: F401  (registers what it holds)
