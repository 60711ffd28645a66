"""The audit trail's check catches what a plain hash chain cannot (issue 14, finding 6).

``audit_verify`` passed after deleting the newest rows with the chain head, after deleting
everything, after rolling the head back, and after altering a row and recomputing every later
hash (plain SHA-256, no key). Hashes are now keyed (HMAC, key outside the database) and the
table is held to signed checkpoints written outside it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from commonground.audit.chain import chain_hash
from commonground.audit.log import checkpoint, log_action, verify_chain
from commonground.audit.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoints(settings: Any, tmp_path: Path) -> Path:
    path = tmp_path / "audit-checkpoints.jsonl"
    settings.COMMONGROUND_AUDIT_CHECKPOINT_FILE = str(path)
    settings.COMMONGROUND_AUDIT_KEY = "test-audit-key-kept-outside-the-database"
    return path


@pytest.fixture
def trail(admin: Any) -> list[Entry]:
    for i in range(6):
        log_action(admin, "accounts.user.viewed", admin, {"i": i})
    return list(Entry.objects.order_by("id"))


def _sql(statement: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:  # behind the application's back, as an intruder would
        cursor.execute(statement, params or [])


def _set_head(entry: Entry | None) -> None:
    _sql(
        "UPDATE audit_chainhead SET last_hash = %s, last_entry_id = %s WHERE id = 1",
        [entry.hash if entry else "", entry.pk if entry else None],
    )


def _fails(match: str = "") -> str:
    result = verify_chain()
    assert not result.ok, "the check passed a tampered trail"
    text = " | ".join(reason for _id, reason in result.broken)
    assert match in text
    return text


def test_an_intact_trail_with_checkpoints_passes(trail: list[Entry], checkpoints: Path) -> None:
    call_command("audit_verify", "--checkpoint")
    log_action(None, "accounts.user.viewed", None)
    call_command("audit_verify", "--checkpoint")
    result = verify_chain()
    assert result.ok and result.checked == 7 and result.checkpoints == 2
    lines = [json.loads(line) for line in checkpoints.read_text().splitlines()]
    assert [line["count"] for line in lines] == [6, 7]
    assert checkpoints.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_the_hashes_are_keyed(trail: list[Entry], settings: Any) -> None:
    first = trail[0]
    assert first.hash == chain_hash("", first.canonical())
    assert first.hash != hashlib.sha256(first.canonical().encode()).hexdigest()
    settings.COMMONGROUND_AUDIT_KEY = "another key"
    _fails("keyed hash")


def test_a_row_altered_and_the_chain_recomputed_without_the_key_fails(trail: list[Entry]) -> None:
    checkpoint()
    prev = trail[1].hash
    for i, row in enumerate(trail[2:]):
        if i == 0:
            _sql("UPDATE audit_entry SET action = 'nothing.happened' WHERE id = %s", [row.pk])
            row.action = "nothing.happened"
        # An intruder without the key recomputes plain SHA-256 hashes, as the old chain had.
        forged = hashlib.sha256((prev + row.canonical()).encode()).hexdigest()
        _sql(
            "UPDATE audit_entry SET prev_hash = %s, hash = %s WHERE id = %s", [prev, forged, row.pk]
        )
        prev = forged
    _sql("UPDATE audit_chainhead SET last_hash = %s WHERE id = 1", [prev])
    _fails("keyed hash")


def test_a_chain_rewritten_with_the_key_fails_against_a_checkpoint(
    trail: list[Entry], settings: Any
) -> None:
    checkpoint()
    # Even someone holding the key (an insider) cannot rewrite what a checkpoint anchors.
    prev = trail[1].hash
    for i, row in enumerate(trail[2:]):
        if i == 0:
            _sql("UPDATE audit_entry SET action = 'nothing.happened' WHERE id = %s", [row.pk])
            row.action = "nothing.happened"
        forged = chain_hash(prev, row.canonical())
        _sql(
            "UPDATE audit_entry SET prev_hash = %s, hash = %s WHERE id = %s", [prev, forged, row.pk]
        )
        prev = forged
    _sql("UPDATE audit_chainhead SET last_hash = %s WHERE id = 1", [prev])
    _fails("chain rewritten")


def test_the_newest_rows_deleted_with_the_chain_head_fail(trail: list[Entry]) -> None:
    checkpoint()
    _sql("DELETE FROM audit_entry WHERE id > %s", [trail[3].pk])
    _set_head(trail[3])
    _fails("is gone")


def test_the_head_rolled_back_fails(trail: list[Entry]) -> None:
    checkpoint()
    _set_head(trail[2])
    _fails("chain head")
    _sql("DELETE FROM audit_entry WHERE id > %s", [trail[2].pk])
    _fails("is gone")


def test_everything_deleted_fails(trail: list[Entry]) -> None:
    checkpoint()
    _sql("DELETE FROM audit_entry")
    _sql("DELETE FROM audit_chainhead")
    _fails("is gone")
    with pytest.raises(CommandError, match="tampered"):
        call_command("audit_verify")


def test_a_row_removed_and_the_chain_relinked_fails(trail: list[Entry]) -> None:
    checkpoint()
    _sql("DELETE FROM audit_entry WHERE id = %s", [trail[0].pk])
    _sql("UPDATE audit_entry SET prev_hash = '' WHERE id = %s", [trail[1].pk])
    _fails("counted 6 rows")


def test_a_forged_checkpoint_fails(trail: list[Entry], checkpoints: Path) -> None:
    point = checkpoint()
    forged = {**json.loads(point.line()), "count": 2, "last_id": trail[1].pk}
    forged["last_hash"] = trail[1].hash
    with checkpoints.open("a") as out:
        out.write(json.dumps(forged) + "\n")
    _fails("bad signature")


def test_a_tampered_trail_gets_no_checkpoint(trail: list[Entry], checkpoints: Path) -> None:
    _sql("UPDATE audit_entry SET action = 'nothing.happened' WHERE id = %s", [trail[2].pk])
    with pytest.raises(CommandError):
        call_command("audit_verify", "--checkpoint")
    assert not checkpoints.exists()


def test_without_checkpoints_the_check_says_so(trail: list[Entry], capsys: Any) -> None:
    call_command("audit_verify")
    assert "No checkpoint yet" in capsys.readouterr().out
