from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from commonground.audit.log import Pending, log_action, log_many, verify_chain
from commonground.audit.models import AppendOnlyError, Entry


@pytest.mark.django_db
def test_it_chains_entries_and_verifies(admin, viewer):
    log_action(viewer, "accounts.user.viewed", admin, {"why": "test"})
    log_many(admin, [Pending("people.person.exported", viewer, {"n": i}) for i in range(3)])
    result = verify_chain()
    assert result.ok and result.checked == Entry.objects.count() == 4
    rows = list(Entry.objects.order_by("id"))
    assert rows[0].prev_hash == "" and rows[1].prev_hash == rows[0].hash


@pytest.mark.django_db
def test_it_refuses_to_change_or_delete_entries(admin):
    entry = log_action(admin, "accounts.user.viewed", admin)
    entry.action = "something.else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        Entry.objects.all().delete()


@pytest.mark.django_db
def test_audit_verify_detects_a_tampered_row(admin, capsys):
    for i in range(3):
        log_action(admin, "accounts.user.viewed", admin, {"i": i})
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out
    middle = Entry.objects.order_by("id")[1]
    with connection.cursor() as cursor:  # tamper behind the application's back
        cursor.execute(
            "UPDATE audit_entry SET action = %s WHERE id = %s", ["accounts.user.nothing", middle.pk]
        )
    with pytest.raises(CommandError, match="tampered"):
        call_command("audit_verify")
    assert f"row {middle.pk}" in capsys.readouterr().out


@pytest.mark.django_db
def test_audit_verify_detects_a_removed_row(admin):
    for i in range(3):
        log_action(admin, "accounts.user.viewed", admin, {"i": i})
    middle = Entry.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_entry WHERE id = %s", [middle.pk])
    result = verify_chain()
    assert not result.ok
    assert "broken" in result.broken[0][1]


@pytest.mark.django_db
def test_the_audit_viewer_is_admin_only(client, personas):
    for name, user in personas.items():
        client.force_login(user)
        status = client.get(reverse("audit:entry-list")).status_code
        assert status == (200 if name == "admin" else 403), name


@pytest.mark.django_db
def test_the_audit_viewer_filters_and_exports(client, admin, viewer):
    log_action(viewer, "accounts.user.role_changed", admin, {"changed": {"role": 1}})
    log_action(viewer, "people.person.viewed", admin)
    client.force_login(admin)
    page = client.get(reverse("audit:entry-list"), {"action": "accounts.user.role"})
    body = page.content.decode()
    assert (
        "<code>accounts.user.role_changed</code>" in body
        and "<code>people.person.viewed</code>" not in body
    )
    export = client.get(reverse("audit:entry-export"), {"action": "people.person"})
    text = b"".join(export.streaming_content).decode()
    assert "people.person.viewed" in text and "role_changed" not in text
    assert Entry.objects.filter(action="audit.entry.exported", actor=admin).exists()
    assert client.post(reverse("audit:entry-list")).status_code == 405


@pytest.mark.django_db
def test_reading_the_audit_trail_is_itself_audited(client, admin, viewer):
    """The trail names people and addresses: each page read leaves a row (issue 14, #5)."""
    log_action(viewer, "people.person.viewed", admin)
    client.force_login(admin)
    client.get(reverse("audit:entry-list"), {"actor": "adm", "from": "2025-13-01"})
    entry = Entry.objects.get(action="audit.entry.listed")
    assert entry.actor == admin
    assert entry.data["filters"]["actor"] == "adm"
    assert entry.data["filters"]["date_from"] is None  # not understood, so ignored
    assert entry.data["count"] >= 1


@pytest.mark.django_db
def test_the_audit_viewer_names_a_records_kind_in_words(client, admin):
    from commonground.register.models import ServiceType, WorkforceRatio

    ratio, _ = WorkforceRatio.objects.get_or_create(service_type=ServiceType.CARE_HOME)
    log_action(ratio, "register.workforceratio.changed", admin)
    client.force_login(admin)
    body = client.get(reverse("audit:entry-list")).content.decode()
    assert f"workforce ratio #{ratio.pk}" in body and f"workforceratio #{ratio.pk}" not in body
    # The action in words, from the one place the subject access export reads too.
    assert "Workforce ratio changed<br>" in body


@pytest.mark.django_db
def test_a_nul_in_the_data_is_replaced_and_the_chain_still_verifies(admin):
    log_action(admin, "accounts.user.viewed", admin, {"q\x00": ["a\x00b", {"c": "\x00"}], "n": 1})
    log_action(admin, "accounts.user.viewed", admin, {"q": "plain \\u0000 text"})
    nul, plain = Entry.objects.order_by("id")
    assert nul.data == {"q\ufffd": ["a\ufffdb", {"c": "\ufffd"}], "n": 1}
    assert plain.data == {"q": "plain \\u0000 text"}  # a backslash, not a NUL: kept as typed
    assert verify_chain().ok
