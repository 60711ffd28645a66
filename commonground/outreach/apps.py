from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "commonground.outreach"
    label = "outreach"
    verbose_name = "Outreach"

    def ready(self) -> None:
        from anymail.signals import tracking

        from commonground.outreach import (
            personal_data,  # noqa: F401  (registers what it holds)
            retention,  # noqa: F401  (registers its purge rule)
        )
        from commonground.outreach.webhooks import on_tracking

        tracking.connect(on_tracking, dispatch_uid="commonground.outreach.tracking")
