from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "commonground.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard and app shell"

    def ready(self) -> None:
        from commonground.lib import checks  # noqa: F401 - registers the system check
