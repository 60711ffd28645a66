"""The personal-data registry: what each app holds about a person, for subject access and
for erasure (modelled on pretix's data shredders).

The people app does not know the other apps' models. Each app that keeps data about a
person declares it once, in its own ``personal_data.py``, and registers it::

    from commonground.people.personal_data import PersonalData, register

    @register
    class Signups(PersonalData):
        key = "campaign_signups"                      # its key in the subject access export
        title = _("Campaign sign-ups and attendance")  # its heading in the HTML and PDF
        models = (EventSignup,)                        # every model of yours that points at a person

        def collect(self, person): ...   # JSON-able rows (a list of dicts, or one dict)
        def erase(self, person): ...     # wipe what identifies them; {"what": count}
        def audit_subjects(self, person): ...  # [(Model, [ids])] whose audit rows belong

and imports that module in its ``AppConfig.ready()``. ``people.subject_access.collect``
and ``people.actions.erase_person`` go through every registered entry, in registration
order. ``tests/test_personal_data.py`` fails when a model with a foreign key (or one-to-one)
to ``people.Person`` is in no entry's ``models``, so a new app cannot forget to take part.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.db.models import Model

from commonground.people.models import Person

__all__ = ["PersonalData", "covered_models", "entries", "register"]

Rows = list[dict[str, Any]] | dict[str, Any] | None


class PersonalData:
    """What one app holds about people. Subclass it, fill in the class attributes and the
    methods, and decorate the class with :func:`register`."""

    key: ClassVar[str]
    """The entry's key in the subject access export (JSON), e.g. ``"campaign_signups"``."""
    title: ClassVar[Any]
    """Its heading in the readable export (a lazy translation)."""
    models: ClassVar[tuple[type[Model], ...]] = ()
    """The models of this app that hold data about a person (checked by a test)."""

    def collect(self, person: Person) -> Rows:
        """Everything held about ``person``: a list of rows, or one dict of fields."""
        raise NotImplementedError

    def erase(self, person: Person) -> dict[str, Any]:
        """Wipe what identifies ``person`` (called before the person's own fields are
        blanked); return what was wiped, by kind (counts, or ids), for the audit row."""
        raise NotImplementedError

    def audit_subjects(self, person: Person) -> list[tuple[type[Model], list[int]]]:
        """Records whose audit rows belong in ``person``'s subject access export."""
        return []

    def sections(self, data: Rows) -> list[tuple[Any, Rows]]:
        """The readable export's sections for this entry: (title, rows)."""
        return [(self.title, data)]


_REGISTRY: dict[str, PersonalData] = {}

P = TypeVar("P", bound=type[PersonalData])


def register(cls: P) -> P:
    """Class decorator: register one app's personal data (its ``key`` must be new)."""
    if cls.key in _REGISTRY and type(_REGISTRY[cls.key]) is not cls:
        raise ValueError(f"personal data {cls.key!r} is registered twice")
    _REGISTRY[cls.key] = cls()
    return cls


def entries() -> list[PersonalData]:
    """Every registered entry, in registration order (``INSTALLED_APPS`` order)."""
    return list(_REGISTRY.values())


def covered_models() -> set[type[Model]]:
    return {model for entry in entries() for model in entry.models}


def iso(value: Any) -> Any:
    """A date or time as ISO text for the export; anything else as it is."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def username(user: Any) -> str | None:
    return user.get_username() if user is not None else None
