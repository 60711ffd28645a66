"""The audit trail's keyed hash chain and its checkpoints outside the database (issue 14, 6).

**Keyed hashes.** Each row's hash is HMAC-SHA256 over the previous row's hash and the row's own
fields (``Entry.canonical``), keyed with ``COMMONGROUND_AUDIT_KEY`` (or the file named by
``COMMONGROUND_AUDIT_KEY_FILE``): a key kept outside the database. Someone who can write to the
database but does not hold the key cannot alter a row and recompute the hashes after it. When
the setting is empty the key is derived from ``SECRET_KEY`` (also outside the database; a
deployment check warns, so that the two can be kept and rotated apart).

**Checkpoints.** A chain alone cannot tell that its newest rows were cut off together with the
chain head, or that every row was deleted. So ``audit-checkpoint`` (run it from cron, and
after ``audit-verify``) appends a signed line to ``COMMONGROUND_AUDIT_CHECKPOINT_FILE``, a file
outside the database (keep it on other storage, or ship each line to the operator: the
command prints it too)::

    {"at": "...", "count": 1234, "last_id": 1290, "last_hash": "...", "sig": "..."}

``verify`` checks every checkpoint against the table: its signature, the row it names (still
there, same hash) and the number of rows up to it (none removed). Truncation, deleting
everything, rolling the head back and rewriting the chain (even by someone holding the key)
then all fail, for everything up to the newest checkpoint.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone


def audit_key() -> bytes:
    """The key of the chain's HMACs and of the checkpoints' signatures."""
    configured: str = settings.COMMONGROUND_AUDIT_KEY
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"commonground.audit.chain", "sha256").digest()


def chain_hash(prev_hash: str, canonical: str, key: bytes | None = None) -> str:
    """The hash of one row: HMAC-SHA256(key, previous hash + the row's canonical text)."""
    message = (prev_hash + canonical).encode()
    return hmac.new(key if key is not None else audit_key(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    at: str
    count: int
    last_id: int
    last_hash: str
    sig: str = ""

    def _payload(self) -> bytes:
        fields = [self.at, self.count, self.last_id, self.last_hash]
        return json.dumps(fields, separators=(",", ":")).encode()

    def signed(self) -> Checkpoint:
        sig = hmac.new(audit_key(), self._payload(), hashlib.sha256).hexdigest()
        return Checkpoint(self.at, self.count, self.last_id, self.last_hash, sig)

    @property
    def genuine(self) -> bool:
        expected = hmac.new(audit_key(), self._payload(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, self.sig)

    def line(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)


def checkpoint_file() -> Path:
    return Path(settings.COMMONGROUND_AUDIT_CHECKPOINT_FILE)


def write_checkpoint(count: int, last_id: int, last_hash: str) -> Checkpoint:
    """Append a signed checkpoint of the table as it is to the checkpoint file."""
    point = Checkpoint(timezone.now().isoformat(), count, last_id, last_hash).signed()
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Appended, readable by its owner only; one line per checkpoint.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        out.write(point.line() + "\n")
    return point


def read_checkpoints() -> tuple[list[Checkpoint], list[str]]:
    """The checkpoints in the file, and a problem per line that is not a genuine one."""
    path = checkpoint_file()
    if not path.exists():
        return [], []
    points: list[Checkpoint] = []
    problems: list[str] = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            raw: dict[str, Any] = json.loads(text)
            point = Checkpoint(
                str(raw["at"]),
                int(raw["count"]),
                int(raw["last_id"]),
                str(raw["last_hash"]),
                str(raw["sig"]),
            )
        except (ValueError, KeyError, TypeError):
            problems.append(f"checkpoint line {number} is not a checkpoint")
            continue
        if not point.genuine:
            problems.append(f"checkpoint line {number} has a bad signature (forged or other key)")
            continue
        points.append(point)
    return points, problems
