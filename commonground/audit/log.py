"""``log_action``: the one way to write the audit trail (docs/style.md §4)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from commonground.audit.chain import Checkpoint, read_checkpoints, write_checkpoint
from commonground.audit.models import ChainHead, Entry
from commonground.lib.clientip import client_ip


@dataclass
class Pending:
    """An audit row to write; used by :func:`log_many` for imports and exports."""

    action: str
    subject: models.Model | None = None
    data: dict[str, Any] = field(default_factory=dict)
    branch_id: int | None = None


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    # Round-trip so that what is hashed is exactly what the database hands back later. A NUL
    # (e.g. from a query string in an export's filters) is replaced: PostgreSQL's jsonb
    # cannot hold one, and the trail must always be writable.
    text = json.dumps(data, default=str, sort_keys=True)
    result: dict[str, Any] = json.loads(text)
    # JSON writes a NUL as \u0000 (keys too): with none there, nothing to replace.
    return _without_nul(result) if "\\u0000" in text else result


def _client_ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


def _branch_of(obj: models.Model | None) -> int | None:
    if obj is None:
        return None
    from commonground.accounts.models import Branch

    if isinstance(obj, Branch):
        return obj.pk
    branch_id = getattr(obj, "branch_id", None)
    return int(branch_id) if isinstance(branch_id, int) else None


def _build(
    actor: Any,
    action: str,
    subject: models.Model | None,
    data: dict[str, Any] | None,
    branch_id: int | None,
    ip: str | None,
    at: Any,
) -> Entry:
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = Entry(
        at=at,
        actor_id=actor.pk if is_user else None,
        actor_label=actor.get_username() if is_user else (str(actor) if actor else "system"),
        action=action,
        data=_jsonable(data or {}),
        branch_id=branch_id if branch_id is not None else _branch_of(subject),
        ip=ip,
    )
    if subject is not None:
        entry.subject_type_id = ContentType.objects.get_for_model(subject).pk
        entry.subject_id = str(subject.pk)
        # A model may name itself for the trail without personal data (``Person.audit_label``):
        # audit rows cannot be changed, so a name written here would outlive an erasure.
        label = getattr(subject, "audit_label", None)
        entry.subject_label = _without_nul((label() if callable(label) else str(subject))[:255])
    return entry


@transaction.atomic
def _append(entries: Sequence[Entry]) -> list[Entry]:
    # Lock the chain head so concurrent writers append one after another (PostgreSQL row
    # lock; SQLite serialises writers through IMMEDIATE transactions anyway).
    head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
    prev = head.last_hash
    for entry in entries:
        entry.prev_hash = prev
        entry.hash = entry.compute_hash()
        prev = entry.hash
    created = Entry.objects.bulk_create(entries, batch_size=500)
    last_id = (
        created[-1].pk
        if created and created[-1].pk
        else Entry.objects.order_by("-id").values_list("id", flat=True).first()
    )
    ChainHead.objects.filter(id=1).update(last_hash=prev, last_entry_id=last_id)
    return list(created)


def log_action(
    subject: models.Model | None,
    action: str,
    actor: Any,
    data: dict[str, Any] | None = None,
    *,
    branch_id: int | None = None,
    request: HttpRequest | None = None,
) -> Entry:
    """Write one audit row: ``actor`` did ``action`` (``app.model.verb``) to ``subject``.

    ``actor`` is a user, or ``None``/a string for the system (commands, tasks).
    """
    entry = _build(actor, action, subject, data, branch_id, _client_ip(request), timezone.now())
    held = getattr(_deferred, "entries", None)
    if held is not None:
        held.append(entry)
        return entry  # written when the deferred() block ends
    return _append([entry])[0]


_deferred = threading.local()


@contextmanager
def deferred() -> Iterator[None]:
    """Hold the audit rows written inside the block and append them in one chained batch when
    it ends: the chain head is locked once, just before the caller commits, instead of from
    the first row to the commit (which serialises every concurrent writer for the whole
    transaction). Use it inside ``transaction.atomic`` so the rows commit with the changes.
    Rows are not written if the block raises. Nested blocks write with the outermost.
    """
    if getattr(_deferred, "entries", None) is not None:
        yield
        return
    _deferred.entries = []
    try:
        yield
        entries = list(_deferred.entries)
    finally:
        _deferred.entries = None
    if entries:
        _append(entries)


def log_many(actor: Any, pending: Iterable[Pending], *, request: HttpRequest | None = None) -> int:
    """Write many audit rows in one chained batch (imports, exports, bulk changes)."""
    now = timezone.now()
    ip = _client_ip(request)
    entries = [_build(actor, p.action, p.subject, p.data, p.branch_id, ip, now) for p in pending]
    if not entries:
        return 0
    _append(entries)
    return len(entries)


@dataclass
class VerifyResult:
    checked: int
    broken: list[tuple[int, str]]
    checkpoints: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken


def verify_chain(*, chunk: int = 5000) -> VerifyResult:
    """Recompute every keyed hash in id order, and hold the table to every checkpoint written
    outside it (``audit.chain``): report each row, link or checkpoint that does not match."""
    broken: list[tuple[int, str]] = []
    points, problems = read_checkpoints()
    broken += [(0, problem) for problem in problems]
    wanted: dict[int, list[Checkpoint]] = {}
    for point in points:
        if point.count:
            wanted.setdefault(point.last_id, []).append(point)
    prev = ""
    checked = 0
    last_id = 0
    while True:
        rows = list(Entry.objects.filter(id__gt=last_id).order_by("id")[:chunk])
        if not rows:
            break
        for row in rows:
            checked += 1
            if row.prev_hash != prev:
                broken.append(
                    (row.pk, "link to the previous row is broken (row removed or reordered)")
                )
            elif row.compute_hash() != row.hash:
                broken.append(
                    (row.pk, "contents do not match the keyed hash (row altered or re-chained)")
                )
            for point in wanted.pop(row.pk, []):
                if row.hash != point.last_hash:
                    broken.append(
                        (row.pk, f"differs from the checkpoint of {point.at} (chain rewritten)")
                    )
                if checked != point.count:
                    broken.append(
                        (
                            row.pk,
                            (
                                f"the checkpoint of {point.at} counted {point.count} rows up "
                                f"to here; there are {checked} (rows removed or added)"
                            ),
                        )
                    )
            prev = row.hash
            last_id = row.pk
    for missing_id, missed in sorted(wanted.items()):
        for point in missed:
            broken.append(
                (
                    missing_id,
                    (
                        f"row {missing_id}, the newest at the checkpoint of {point.at} "
                        f"({point.count} rows), is gone (rows removed or the head rolled back)"
                    ),
                )
            )
    head = ChainHead.objects.filter(id=1).first()
    if head is not None and head.last_hash and head.last_hash != prev:
        broken.append((last_id, "the newest rows are missing (chain head does not match)"))
    notes = []
    if not points and checked:
        notes.append(
            "No checkpoint yet: removing the newest rows would go unnoticed. "
            "Run `audit_verify --checkpoint` regularly (docs/deployment.md)."
        )
    return VerifyResult(checked=checked, broken=broken, checkpoints=len(points), notes=notes)


def checkpoint() -> Checkpoint:
    """Write a signed checkpoint of the trail as it is now (verify it first). The chain head
    is locked meanwhile, so no row is being appended."""
    with transaction.atomic():
        ChainHead.objects.select_for_update().get_or_create(id=1)
        last = Entry.objects.order_by("-id").values_list("id", "hash").first()
        last_id, last_hash = last if last else (0, "")
        count = Entry.objects.filter(id__lte=last_id).count()
        return write_checkpoint(count, last_id, last_hash)
