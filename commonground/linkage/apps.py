from typing import Any

from django.apps import AppConfig


def _link_imported(*, branch_id: int, **_kwargs: Any) -> None:
    """Link a branch's people after a people import (queued, runs in the worker)."""
    from commonground.linkage.tasks import link_people_task

    link_people_task.enqueue(branch_id)


class LinkageConfig(AppConfig):
    name = "commonground.linkage"
    label = "linkage"

    def ready(self) -> None:
        from commonground.linkage import personal_data  # noqa: F401  (registers what it holds)
        from commonground.people.signals import people_imported

        people_imported.connect(_link_imported, dispatch_uid="linkage-after-import")
