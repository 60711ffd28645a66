"""Field-key rotation end to end: new key first, rotate, drop the old key, data still reads."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from commonground.audit.models import Entry
from commonground.lib.crypto import PREFIX
from commonground.people.models import Conversation, Person

pytestmark = pytest.mark.django_db

NOTE = "Synthetic note: worried about her visa sponsorship and night shifts"
DETAILS = "Synthetic sponsorship: Skilled Worker visa until 2027"


def raw(model, field: str, pk: int) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        value: str = cursor.fetchone()[0]
    return value


def token_key(stored: str, keys: list[bytes]) -> int:
    """Which of ``keys`` encrypted ``stored`` (its index), or -1."""
    token = stored[len(PREFIX) :].encode()
    for index, key in enumerate(keys):
        try:
            Fernet(key).decrypt(token)
        except Exception:
            continue
        return index
    return -1


def test_it_rotates_keys_and_the_old_key_can_then_be_dropped(monkeypatch, branch_a):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    monkeypatch.setenv("COMMONGROUND_FIELD_KEYS", old.decode())
    person = Person.objects.create(
        branch=branch_a, full_name="Testa Example", immigration_details=DETAILS
    )
    conversation = Conversation.objects.create(person=person, at=timezone.now(), notes=NOTE)

    before = raw(Conversation, "notes", conversation.pk)
    assert before.startswith(PREFIX) and NOTE not in before
    assert token_key(before, [old, new]) == 0

    # The new key goes first; the old one stays until the rotation has run.
    monkeypatch.setenv("COMMONGROUND_FIELD_KEYS", f"{new.decode()},{old.decode()}")
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "people.Conversation.notes: 1 value(s) re-encrypted" in out.getvalue()
    assert "people.Person.immigration_details: 1 value(s) re-encrypted" in out.getvalue()
    assert Entry.objects.filter(action="audit.keys.rotated").exists()

    after = raw(Conversation, "notes", conversation.pk)
    assert after != before and NOTE not in after
    assert token_key(after, [old, new]) == 1
    details = raw(Person, "immigration_details", person.pk)
    assert DETAILS not in details and token_key(details, [old, new]) == 1

    # The old key is removed: everything still decrypts.
    monkeypatch.setenv("COMMONGROUND_FIELD_KEYS", new.decode())
    assert Conversation.objects.get(pk=conversation.pk).notes == NOTE
    assert Person.objects.get(pk=person.pk).immigration_details == DETAILS


def test_without_rotation_dropping_the_old_key_fails_loudly(monkeypatch, branch_a):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    monkeypatch.setenv("COMMONGROUND_FIELD_KEYS", old.decode())
    person = Person.objects.create(branch=branch_a, full_name="Testa Example")
    conversation = Conversation.objects.create(person=person, at=timezone.now(), notes=NOTE)
    monkeypatch.setenv("COMMONGROUND_FIELD_KEYS", new.decode())
    with pytest.raises(ValueError, match="could not be decrypted"):
        Conversation.objects.get(pk=conversation.pk)


def test_a_dry_run_changes_nothing(monkeypatch, branch_a):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    monkeypatch.setenv("COMMONGROUND_FIELD_KEYS", old.decode())
    person = Person.objects.create(branch=branch_a, full_name="Testa Example")
    conversation = Conversation.objects.create(person=person, at=timezone.now(), notes=NOTE)
    before = raw(Conversation, "notes", conversation.pk)
    monkeypatch.setenv("COMMONGROUND_FIELD_KEYS", f"{new.decode()},{old.decode()}")
    out = StringIO()
    call_command("rotate_field_keys", "--dry-run", stdout=out)
    assert "1 value(s) to re-encrypt" in out.getvalue()
    assert raw(Conversation, "notes", conversation.pk) == before
