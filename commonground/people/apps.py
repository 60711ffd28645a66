from typing import Any

from django.apps import AppConfig
from django.db import transaction


def _people_changed(**_kwargs: Any) -> None:
    """Any saved or deleted person, membership or workplace role makes cached density figures
    stale (``lib.datacache``); bulk writers (the importer) bump once themselves."""
    from commonground.lib import datacache

    transaction.on_commit(lambda: datacache.bump("people"))


class PeopleConfig(AppConfig):
    name = "commonground.people"
    label = "people"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from commonground.people.models import Membership, Person, WorkplaceRole

        for model in (Person, Membership, WorkplaceRole):
            post_save.connect(_people_changed, sender=model, dispatch_uid=f"cache-{model.__name__}")
            post_delete.connect(
                _people_changed, sender=model, dispatch_uid=f"cache-del-{model.__name__}"
            )
