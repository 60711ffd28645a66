"""Import a membership or contact extract into one branch: the people-specific half of imports.

The file is read by :mod:`commonground.imports.readers`, validated by
:mod:`commonground.people.parsing`, and written here in atomic batches by
:class:`PeopleWriter`, through :func:`commonground.imports.engine.run_rows`.

Speed comes from comparing before writing: the existing keys of the branch are loaded once
into a dict (key → person id, hash of the imported values, membership state), so an
unchanged row costs one hash and one dict lookup, and a batch costs a handful of queries.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from commonground.accounts.models import Branch
from commonground.audit.log import Pending, log_action, log_many
from commonground.imports.engine import BatchResult, estimate_rows, run_rows
from commonground.imports.models import ImportRun
from commonground.imports.readers import UnreadableFile, open_table
from commonground.imports.rejects import RejectWriter, rejected_dir
from commonground.imports.rejects import rejected_path as rejected_path_for
from commonground.imports.rows import CleanRow, RejectedRow
from commonground.jobs.progress import Progress, null_progress
from commonground.lib import datacache
from commonground.lib.bulk import RowWriter
from commonground.people.mapping import MappingError, guess_mapping
from commonground.people.models import (
    LawfulBasis,
    Membership,
    MembershipStatus,
    Person,
    Source,
)
from commonground.people.parsing import validate_rows
from commonground.people.signals import people_imported

KEYS = ("membership_number", "external_id")
# Person field <- parsed field.
PERSON_FIELDS: dict[str, str] = {
    "full_name": "full_name",
    "email": "email",
    "phone": "phone",
    "postcode": "postcode",
    "job_title": "job_title",
    "employer": "employer_text",
    "workplace": "workplace_text",
    "languages": "languages",
    "employment_type": "employment_type",
    "external_id": "external_id",
}
MEMBERSHIP_FIELDS: dict[str, str] = {"status": "status", "joined": "joined", "lapsed": "lapsed"}


class ImportFailed(Exception):
    """The file or mapping cannot be imported at all; ``str()`` says why."""


@dataclass(slots=True)
class Existing:
    person_id: int
    hash: str
    has_membership: bool
    is_member: bool


def choose_key(mapping: dict[str, str], declared: str | None = None) -> str:
    if declared:
        return declared
    for key in KEYS:
        if key in mapping:
            return key
    return "membership_number"


def _hash(values: dict[str, Any], fields: Sequence[str]) -> str:
    parts = []
    for f in fields:
        v = values.get(f)
        parts.append("|".join(v) if isinstance(v, tuple) else ("" if v is None else str(v)))
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


# Files up to this many rows get a per-person audit row for each created or changed person;
# bigger ones get one summary row per batch (listing the ids), see docs/benchmarks.md.
PER_PERSON_AUDIT_ROWS = 20_000


class PeopleWriter:
    """Writes batches of clean rows into one branch (or, in a dry run, only classifies them)."""

    def __init__(
        self,
        *,
        actor: Any,
        branch: Branch,
        key: str,
        mapped: Sequence[str],
        dry_run: bool,
        source: str,
        extract_date: date,
        run_id: int | None,
    ) -> None:
        self.actor = actor
        self.branch = branch
        self.key = key
        self.dry_run = dry_run
        self.source = source[:255]
        self.extract_date = extract_date
        self.run_id = run_id
        self.hash_fields = sorted(set(mapped) | {"full_name"})
        # Only mapped columns are written: a re-import never blanks what the file lacks.
        self.person_fields = [
            (parsed, attr)
            for parsed, attr in PERSON_FIELDS.items()
            if parsed in mapped or parsed == "full_name"
        ]
        self.has_number = "membership_number" in mapped
        self.has_status = "status" in mapped
        self.membership_fields = [(p, a) for p, a in MEMBERSHIP_FIELDS.items() if p in mapped]
        self.existing = self._load_existing()
        self.seen: set[str] = set()
        self.audit_per_person = False
        self._now = timezone.now()
        self._people = RowWriter(Person)
        self._memberships = RowWriter(Membership)
        # Column lists, fixed for the whole import (executemany needs one shape).
        self._person_attnames = [
            "branch_id",
            "source",
            "created",
            "updated",
            *(attr for _p, attr in self.person_fields),
        ]
        self._membership_attnames = [
            "branch_id",
            "source",
            "extract_date",
            *(attr for _p, attr in self.membership_fields),
        ]
        if "status" not in self._membership_attnames:
            self._membership_attnames.append("status")
        if self.has_number:
            self._membership_attnames.append("number")
        self._membership_new_attnames = list(dict.fromkeys([*self._membership_attnames, "number"]))

    def _load_existing(self) -> dict[str, Existing]:
        existing: dict[str, Existing] = {}
        if self.key == "membership_number":
            rows = Membership.objects.filter(branch=self.branch).exclude(number="")
            for number, pid, h, status in rows.values_list(
                "number", "person_id", "person__import_hash", "status"
            ).iterator(chunk_size=20000):
                existing[number] = Existing(pid, h, True, status == MembershipStatus.MEMBER)
        else:
            people = Person.objects.filter(branch=self.branch).exclude(external_id="")
            for ext, pid, h, status in people.values_list(
                "external_id", "pk", "import_hash", "membership__status"
            ).iterator(chunk_size=20000):
                existing[ext] = Existing(
                    pid, h, status is not None, status == MembershipStatus.MEMBER
                )
        return existing

    def saw_rejected(self, row: RejectedRow) -> None:
        # A member whose row is bad is still in the extract: never propose them as lapsed.
        value = self._raw_key(row)
        if value:
            self.seen.add(value)

    _key_header: str | None = None

    def _raw_key(self, row: RejectedRow) -> str:
        if self._key_header is None:
            return ""
        value = row.raw.get(self._key_header, "")
        if self.key == "membership_number":
            return "".join(value.split()).upper()
        return value.strip()

    def _person_values(self, values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "branch_id": self.branch.pk,
            "source": Source.IMPORT,
            "created": self._now,
            "updated": self._now,
        }
        for parsed, attr in self.person_fields:
            v = values.get(parsed)
            if parsed == "languages":
                out[attr] = list(v or ())
            else:
                out[attr] = v if v is not None else ""
        return out

    def _membership_values(self, values: dict[str, Any], new: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "branch_id": self.branch.pk,
            "source": self.source,
            "extract_date": self.extract_date,
        }
        for parsed, attr in self.membership_fields:
            out[attr] = values.get(parsed) if parsed != "status" else values.get(parsed) or ""
        if "status" not in out and new:
            # A membership extract without a status column lists members.
            out["status"] = MembershipStatus.MEMBER if self.has_number else MembershipStatus.UNKNOWN
        if out.get("status") == "":
            out["status"] = MembershipStatus.UNKNOWN
        if self.has_number:
            out["number"] = values.get("membership_number") or ""
        return out

    def write_batch(self, rows: Sequence[CleanRow]) -> BatchResult:
        result = BatchResult()
        new: list[tuple[CleanRow, str]] = []
        changed: list[tuple[CleanRow, str, Existing]] = []
        for row in rows:
            key = str(row.values.get(self.key) or "")
            self.seen.add(key)
            h = _hash(row.values, self.hash_fields)
            found = self.existing.get(key)
            if found is None:
                new.append((row, h))
            elif found.hash == h:
                result.unchanged += 1
            else:
                changed.append((row, h, found))
        result.created = len(new)
        result.updated = len(changed)
        if self.dry_run or not (new or changed):
            return result
        if connection.vendor == "postgresql":
            # The batch is idempotent and re-runnable: do not wait for the WAL flush at each
            # commit (a crash can lose the last batches, never corrupt them).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        now = self._now = timezone.now()
        created_ids = self._create(new, now)
        updated_ids = self._update(changed, now)
        pending = [
            Pending(
                "people.import.batch",
                None,
                {
                    "run": self.run_id,
                    "lines": [rows[0].line, rows[-1].line],
                    "created": created_ids,
                    "updated": updated_ids,
                    "unchanged": result.unchanged,
                },
                self.branch.pk,
            )
        ]
        if self.audit_per_person:
            # One row per person too (≈90 µs each): affordable for branch-sized files only.
            # Person(pk=…) names the subject without fetching it.
            pending += [
                Pending(
                    "people.person.imported", Person(pk=pk), {"run": self.run_id}, self.branch.pk
                )
                for pk in created_ids
            ]
            pending += [
                Pending(
                    "people.person.reimported", Person(pk=pk), {"run": self.run_id}, self.branch.pk
                )
                for pk in updated_ids
            ]
        log_many(self.actor, pending)
        return result

    def _create(self, new: list[tuple[CleanRow, str]], now: Any) -> list[int]:
        if not new:
            return []
        ids = self._people.allocate_ids(len(new))
        people: list[dict[str, Any]] = []
        memberships: list[dict[str, Any]] = []
        has_membership = self.has_number or self.has_status
        for pid, (row, h) in zip(ids, new, strict=True):
            values = self._person_values(row.values)
            is_member = False
            if has_membership:
                m = self._membership_values(row.values, True)
                m["person_id"] = pid
                memberships.append(m)
                is_member = m["status"] == MembershipStatus.MEMBER
            values.update(
                id=pid,
                import_hash=h,
                lawful_basis=LawfulBasis.MEMBER if is_member else "",
            )
            people.append(values)
            key = str(row.values.get(self.key) or "")
            self.existing[key] = Existing(pid, h, has_membership, is_member)
        constants = {
            "branch_id": self.branch.pk,
            "source": Source.IMPORT,
            "created": now,
            "updated": now,
        }
        self._people.insert(
            people, [*self._person_attnames, "id", "import_hash", "lawful_basis"], constants
        )
        if memberships:
            self._memberships.insert(
                memberships,
                [*self._membership_attnames, "person_id"],
                {
                    "branch_id": self.branch.pk,
                    "source": self.source,
                    "extract_date": self.extract_date,
                },
            )
        return ids

    def _update(self, changed: list[tuple[CleanRow, str, Existing]], now: Any) -> list[int]:
        if not changed:
            return []
        people: list[dict[str, Any]] = []
        memberships_new: list[dict[str, Any]] = []
        memberships_upd: list[dict[str, Any]] = []
        member_ids = []
        for row, h, found in changed:
            values = self._person_values(row.values)
            values.update(id=found.person_id, import_hash=h)
            people.append(values)
            found.hash = h
            if self.has_number or self.has_status:
                m = self._membership_values(row.values, not found.has_membership)
                m["person_id"] = found.person_id
                (memberships_upd if found.has_membership else memberships_new).append(m)
                found.has_membership = True
                if m.get("status") == MembershipStatus.MEMBER:
                    member_ids.append(found.person_id)
                if "status" in m:
                    found.is_member = m["status"] == MembershipStatus.MEMBER
        keep = ("created", "branch_id", "source")
        self._people.update(
            people, [a for a in self._person_attnames if a not in keep] + ["import_hash"], "id"
        )
        if memberships_new:
            self._memberships.insert(
                [{**self._membership_defaults_for_new(), **m} for m in memberships_new],
                [*self._membership_new_attnames, "person_id"],
            )
        if memberships_upd:
            # Without a status column an existing status is left as it is.
            attnames = [
                a
                for a in self._membership_attnames
                if a != "branch_id" and (a != "status" or self.has_status)
            ]
            self._memberships.update(memberships_upd, attnames, "person_id")
        if member_ids:
            Person.objects.filter(pk__in=member_ids, lawful_basis="").update(
                lawful_basis=LawfulBasis.MEMBER
            )
        return [p["id"] for p in people]

    def _membership_defaults_for_new(self) -> dict[str, Any]:
        return {"status": MembershipStatus.UNKNOWN, "number": "", "branch_id": self.branch.pk}

    def missing_members(self) -> list[int]:
        """People marked member in the branch whose key the extract did not contain."""
        return [e.person_id for k, e in self.existing.items() if e.is_member and k not in self.seen]

    def mark_lapsed(self, person_ids: list[int]) -> None:
        for start in range(0, len(person_ids), 2000):
            chunk = person_ids[start : start + 2000]
            with transaction.atomic():
                Membership.objects.filter(person_id__in=chunk).update(
                    status=MembershipStatus.LAPSED,
                    lapsed=self.extract_date,
                    source=self.source,
                    extract_date=self.extract_date,
                )
                # The stored hash no longer describes the person: the next import must rewrite.
                Person.objects.filter(pk__in=chunk).update(import_hash="")
                log_many(
                    self.actor,
                    [
                        Pending(
                            "people.membership.lapsed",
                            None,
                            {"run": self.run_id, "people": chunk, "reason": "missing from extract"},
                            self.branch.pk,
                        )
                    ],
                )


def import_people(
    path: Path,
    *,
    branch: Branch,
    actor: Any,
    mapping: dict[str, str] | None = None,
    key: str | None = None,
    full_extract: bool = False,
    confirm_lapsed: bool = False,
    dry_run: bool = False,
    run: ImportRun | None = None,
    progress: Progress = null_progress,
    rejected_path: Path | None = None,
    source: str | None = None,
    extract_date: date | None = None,
    batch_size: int = 5000,
) -> dict[str, Any]:
    """Import ``path`` into ``branch``; return the counts (the CLI contract) and extras.

    Raises :class:`ImportFailed` when the file cannot be read or the mapping is unusable;
    nothing is written then.
    """
    # A million-row import allocates millions of long-lived objects (the key index); the
    # cyclic GC would rescan them all again and again, so it is paused for the import.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _import_people(
            path,
            branch=branch,
            actor=actor,
            mapping=mapping,
            key=key,
            full_extract=full_extract,
            confirm_lapsed=confirm_lapsed,
            dry_run=dry_run,
            run=run,
            progress=progress,
            rejected_path=rejected_path,
            source=source,
            extract_date=extract_date,
            batch_size=batch_size,
        )
    finally:
        if gc_was_enabled:
            gc.enable()


def _tune_connection() -> None:
    """SQLite: a bigger page cache keeps the growing indexes in memory during a big import."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB, this connection only


def _import_people(
    path: Path,
    *,
    branch: Branch,
    actor: Any,
    mapping: dict[str, str] | None,
    key: str | None,
    full_extract: bool,
    confirm_lapsed: bool,
    dry_run: bool,
    run: ImportRun | None,
    progress: Progress,
    rejected_path: Path | None,
    source: str | None,
    extract_date: date | None,
    batch_size: int,
) -> dict[str, Any]:
    try:
        table = open_table(path)
    except UnreadableFile as exc:
        raise ImportFailed(str(exc)) from exc
    mapping = dict(mapping) if mapping else guess_mapping(table.headers)
    key = choose_key(mapping, key)
    try:
        results = validate_rows(table.rows(), table.headers, mapping, key=key)
        first = next(results, None)
    except (MappingError, UnreadableFile) as exc:
        raise ImportFailed(str(exc)) from exc
    if rejected_path is None:
        # Never a shared temporary directory: rejected rows are personal data, kept (and
        # purged) with the import files (imports.rejects).
        if run is not None:
            rejected_path = rejected_path_for("people", run.pk, dry_run=run.dry_run)
        else:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
            rejected_path = rejected_dir() / f"people-{stamp}.csv"
    _tune_connection()
    writer = PeopleWriter(
        actor=actor,
        branch=branch,
        key=key,
        mapped=list(mapping),
        dry_run=dry_run,
        source=source or path.name,
        extract_date=extract_date or timezone.localdate(),
        run_id=run.pk if run else None,
    )
    writer._key_header = mapping.get(key)
    total = estimate_rows(path)
    writer.audit_per_person = (
        total <= PER_PERSON_AUDIT_ROWS if total is not None else path.stat().st_size < 2_000_000
    )
    rejects = RejectWriter(rejected_path, table.headers)

    def chained() -> Any:
        if first is not None:
            yield first
        yield from results

    try:
        counts = run_rows(
            chained(),
            writer,
            rejects,
            progress=progress,
            total=total,
            batch_size=batch_size,
        )
    except UnreadableFile as exc:
        rejects.close()
        raise ImportFailed(str(exc)) from exc
    rejects.close()
    missing: list[int] = []
    if full_extract:
        missing = writer.missing_members()
        counts.lapsed = len(missing)
        if confirm_lapsed and not dry_run and missing:
            writer.mark_lapsed(missing)
    counts.details = {
        "dry_run": dry_run,
        "lapsed_confirmed": bool(full_extract and confirm_lapsed and not dry_run),
        "key": key,
        "mapping": mapping,
        "format": table.format,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
    }
    counts.rejected_file = str(rejected_path)
    result = counts.as_dict()
    if not dry_run:
        summary = {k: v for k, v in result.items() if k != "mapping"}
        log_action(branch, "people.import.completed", actor, {"run": writer.run_id, **summary})
        _after_import(branch)
        datacache.bump("people")  # cached density figures are stale
    return result


def _after_import(branch: Branch) -> None:
    """Tell the apps that build on people (linkage links the branch's people) once the import
    has committed."""
    branch_id = branch.pk
    transaction.on_commit(lambda: people_imported.send(sender=Person, branch_id=branch_id))
