from typing import Any

from django.apps import AppConfig

# A person's fields that density counts: saving only others (an assessment, a follow-up date)
# leaves the cached figures right.
DENSITY_FIELDS = frozenset({"branch", "location", "provider", "erased_at"})


def _people_changed(*, update_fields: Any = None, **_kwargs: Any) -> None:
    """A saved or deleted person, membership or workplace role makes cached density figures
    stale (``lib.datacache``); bulk writers (the importer) bump once themselves."""
    from commonground.lib import datacache

    if update_fields is not None and not DENSITY_FIELDS.intersection(update_fields):
        return
    datacache.changed("people")


class PeopleConfig(AppConfig):
    name = "commonground.people"
    label = "people"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from commonground.imports.registry import register_importer
        from commonground.people import personal_entries  # noqa: F401  (registers them)
        from commonground.people.import_runs import IMPORTER
        from commonground.people.succession import carry_over_chains
        from commonground.register.succession import registrations_chained

        registrations_chained.connect(carry_over_chains, dispatch_uid="people-carry-over")
        from commonground.people.models import Membership, Person, WorkplaceRole

        register_importer(IMPORTER)

        post_save.connect(_people_changed, sender=Person, dispatch_uid="cache-Person")
        post_delete.connect(_people_changed, sender=Person, dispatch_uid="cache-del-Person")
        for model in (Membership, WorkplaceRole):
            # Any change to these counts (status, dates, who holds a role).
            post_save.connect(_any_change, sender=model, dispatch_uid=f"cache-{model.__name__}")
            post_delete.connect(
                _any_change, sender=model, dispatch_uid=f"cache-del-{model.__name__}"
            )


def _any_change(**_kwargs: Any) -> None:
    _people_changed()
