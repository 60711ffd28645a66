"""The personal-data registry (``people.personal_data``) covers every model that points at a
person, so subject access and erasure cannot forget an app's data.

A new model with a foreign key, one-to-one or many-to-many to ``people.Person`` fails here
until its app registers it: add it to the ``models`` of an entry in the app's
``personal_data.py`` (docs/development.md, "Personal data").
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model

from commonground.people.models import Person
from commonground.people.personal_data import covered_models, entries


def _models_pointing_at_a_person() -> set[type[Model]]:
    found = set()
    for model in apps.get_models(include_auto_created=False):
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is Person:
                found.add(model)
    return found


def test_every_model_with_a_person_foreign_key_is_registered():
    missing = sorted(str(m) for m in _models_pointing_at_a_person() - covered_models())
    assert missing == [], f"register these in the app's personal_data.py: {missing}"


def test_the_known_holders_take_part():
    keys = [e.key for e in entries()]
    for key in ("membership", "assessments", "conversations", "linkage", "campaign_signups"):
        assert key in keys
    assert len(keys) == len(set(keys))


def test_a_sign_up_points_at_its_person_with_a_real_foreign_key():
    """It was a bare integer column, which no registry test could see."""
    from commonground.campaigns.models import EventSignup

    assert EventSignup._meta.get_field("person").related_model is Person
