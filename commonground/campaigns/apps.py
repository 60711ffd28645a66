from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "commonground.campaigns"
    label = "campaigns"

    def ready(self) -> None:
        from commonground.campaigns import personal_data  # noqa: F401  (registers what it holds)
