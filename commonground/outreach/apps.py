from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "commonground.outreach"
    label = "outreach"
    verbose_name = "Outreach"

    def ready(self) -> None:
        from commonground.outreach import personal_data  # noqa: F401  (registers what it holds)
