"""Importing CQC register files into Location/Provider rows: the register's one write path.

Upsert keyed on the CQC location id, batch by batch (each batch atomic):

- compare before writing: an unchanged row costs no write (the same file twice: 0 changes);
- every changed field is kept as a ``LocationChange``; a changed name is appended to
  ``previous_names`` (linkage matches old names);
- a blank value never erases what an earlier file said (files carry different column
  subsets: the England extract has no provider, the API no beds for agencies);
- data from an older extract never overwrites newer data (``source_date``), it is "stale";
- ``full=True``: locations absent from the file are flagged ``not_in_latest_file``,
  never deleted;
- an HSCA row whose raw cells are the ones its location was last written from (the
  location's ``raw_digest``) is counted unchanged without being mapped or compared
  (``force=True`` maps and compares every row);
- councils come from ``CouncilResolver``; unresolved rows are imported without a council
  and reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.db import connections, transaction
from django.utils import timezone

from commonground.audit.log import log_action
from commonground.imports.rejects import RejectWriter
from commonground.imports.summary import Summary
from commonground.jobs.progress import Progress, null_progress
from commonground.lib import datacache
from commonground.lib.bulk import RowWriter
from commonground.lib.postcodes import outcode
from commonground.register.absence import flag_absent
from commonground.register.import_fields import (
    ALWAYS_SET,
    COMPARED_FIELDS,
    SAID_BLANK,
    bands_text,
    display,
    primary_service_type,
    service_text,
)
from commonground.register.models import (
    Location,
    LocationChange,
    Provider,
    RegistrationStatus,
)
from commonground.register.places import CouncilResolver, Resolution
from commonground.register.provider_rows import providers_for_rows
from commonground.register.readers import (
    Held,
    OutOfScope,
    Record,
    RegisterRow,
    RowError,
    Unchanged,
    detect_format,
    read_register,
    size_hint,
    source_date,
)
from commonground.register.succession import (
    link_file_successions,
    link_relationships,
    registrations_chained,
)

BATCH_SIZE = 1000
SAMPLE_SIZE = 100


@dataclass(kw_only=True)
class ImportSummary(Summary):
    """The register's summary: the framework's counts (read = created + updated + unchanged
    + stale + skipped + rejected), and what only a register import counts."""

    deregistered: int = 0
    providers_updated: int = 0
    unresolved_council: int = 0
    stale: int = 0
    not_in_latest_file: int = 0
    postcode_invalid: int = 0
    approximate_coordinates: int = 0
    links: int = 0
    carried_over: dict[str, int] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)
    rejected_rows: list[dict[str, Any]] = field(default_factory=list)  # the first SAMPLE_SIZE
    unresolved_rows: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.not_in_latest_file


class RegisterImporter:
    """One run over one or more files; ``run()`` returns the summary."""

    def __init__(
        self,
        *,
        include_all: bool = False,
        full: bool = False,
        progress: Progress = null_progress,
        actor: Any = None,
        rejects: RejectWriter | None = None,
        force: bool = False,
    ) -> None:
        self.include_all = include_all
        self.force = force
        self.rejects = rejects
        self.full = full
        self.progress = progress
        self.actor = actor
        self.summary = ImportSummary()
        self._location_rows = RowWriter(Location)
        self.resolver = CouncilResolver()
        self._resolution_cache: dict[tuple[Any, ...], Resolution] = {}
        self._touched_relationships = False
        self._types_in_file: set[str] = set()

    # --- entry point --------------------------------------------------------------------

    def run(self, paths: Sequence[Path], format: str | None = None) -> ImportSummary:
        # Detect every file first: an unrecognised one stops the run before any write.
        plan = [(path, format or detect_format(path)) for path in paths]
        if format is not None:
            for path, _fmt in plan:
                read_register(path, format)  # raises UnrecognisedFile on a mismatch
        for path, fmt in plan:
            self._import_file(path, fmt)
        self.finish()
        log_action(
            None,
            "register.import.completed",
            self.actor or "import-register",
            {k: v for k, v in self.summary.as_dict().items() if not k.endswith("_rows")},
        )
        return self.summary

    def finish(self) -> None:
        """After the rows: link CQC's relationships, chain registrations, carry people over
        to current registrations (``register.succession``), expire caches."""
        if self._touched_relationships:
            self.summary.links = link_relationships()
        self.summary.links += link_file_successions()
        carried: dict[str, int] = {}
        for _receiver, counts in registrations_chained.send(
            sender=type(self), actor=self.actor or "import-register"
        ):
            answer: dict[str, int] = counts if isinstance(counts, dict) else {}
            for key, n in answer.items():
                carried[key] = carried.get(key, 0) + n
        self.summary.carried_over = carried
        datacache.bump("register")  # cached lists and density figures are stale

    def _import_file(self, path: Path, fmt: str) -> None:
        file_date = source_date(path)
        info: dict[str, Any] = {
            "path": path.name,
            "format": fmt,
            "source_date": file_date.isoformat() if file_date else None,
        }
        self.summary.files.append(info)
        if file_date is None:
            self.summary.warnings.append(
                f"{path.name}: no extract date found; its rows cannot be checked against newer data"
            )
        total = size_hint(path)
        seen = self.import_rows(
            read_register(
                path,
                fmt,
                social_care_only=not self.include_all,
                unchanged=self._unchanged_since(file_date, path.name),
            ),
            file_date=file_date,
            source=path.name,
            total=total,
        )
        if self.full and file_date is not None:
            flagged = flag_absent(
                seen,
                file_date,
                path.name,
                types_in_file=self._types_in_file,
                social_care_only=not self.include_all,
            )
            self.summary.not_in_latest_file += flagged
            info["not_in_latest_file"] = flagged

    def import_rows(
        self,
        rows: Iterable[Record],
        *,
        file_date: date | None,
        source: str,
        total: int | None = None,
    ) -> set[str]:
        """Write rows read from one source (a file, or API records); returns the ids seen.

        ``total`` is the progress bar's length in lines (None: count rows).
        """
        seen: set[str] = set()
        self._types_in_file = set()
        batch: list[RegisterRow] = []
        last_line = 0
        for item in rows:
            self.summary.read += 1
            last_line = item.line if total is not None else self.summary.read
            if isinstance(item, RowError):
                self._reject(source, item)
                continue
            if isinstance(item, OutOfScope):
                self.summary.skip(item.reason)
                continue
            seen.add(item.location_id)
            if isinstance(item, Unchanged):
                self.summary.unchanged += 1
                self._types_in_file.update(item.service_types)
                continue
            self._types_in_file.update(item.service_types)
            if item.predecessors or item.successors:
                self._touched_relationships = True
            batch.append(item)
            if len(batch) >= BATCH_SIZE:
                self._write_batch(batch, file_date, source)
                batch = []
                self.progress(min(last_line, total or last_line), total, source)
        if batch:
            self._write_batch(batch, file_date, source)
        self.progress(total or last_line, total or last_line, source)
        return seen

    def _reject(self, source: str, error: RowError) -> None:
        self.summary.rejected += 1
        if self.rejects is not None:
            raw = {"file": source, **{k: v for k, v in error.raw.items() if v}}
            self.rejects.write(error.line, [f"{error.field}: {error.reason}"], raw)
        if len(self.summary.rejected_rows) < SAMPLE_SIZE:
            self.summary.rejected_rows.append(
                {
                    "file": source,
                    "line": error.line,
                    "field": error.field,
                    "reason": error.reason,
                }
            )

    def _unchanged_since(self, file_date: date | None, source: str) -> Held:
        """The reader's question: which of these locations hold these raw cells already?

        One query per chunk of rows. A location counts as unchanged only when its digest
        matches and nothing could come out differently from mapping the row again: not
        stale (the full path counts those), not flagged absent from a full file, not
        outside social care (unless kept), with a council, exact coordinates and a valid
        postcode (what the full path resolves, estimates or warns about again). Like an
        unchanged row on the full path, a newer file's date (and name) is recorded.
        """

        # The conditions on the held entry are asked of the database: fewer columns and no
        # per-row conversions for the rows it answers. The query is compiled once; each
        # chunk's ids are appended as parameters (the ORM would prepare each of the 1,000
        # ids of each chunk in Python: a second of a 56,000-row re-import).
        held_rows = (
            Location.objects.filter(
                not_in_latest_file=False,
                council__isnull=False,
                latitude__isnull=False,
                coordinates_approximate=False,
            )
            .exclude(raw_digest="")
            .exclude(postcode="")
            .order_by()
        )
        if not self.include_all:
            held_rows = held_rows.filter(is_social_care=True)
        held_rows = held_rows.values_list(*_DIGEST_FIELDS)
        sql, fixed = held_rows.query.sql_with_params()
        connection = connections[held_rows.db]
        cqc_id = connection.ops.quote_name(Location._meta.get_field("cqc_id").column)

        def held(keys: Mapping[str, str]) -> dict[str, list[str]]:
            if self.force:
                return {}
            same: dict[str, list[str]] = {}
            newer: list[int] = []
            with connection.cursor() as cursor:
                cursor.execute(
                    f"{sql} AND {cqc_id} IN ({', '.join(['%s'] * len(keys))})",
                    [*fixed, *keys],
                )
                rows = cursor.fetchall()
            for pk, location_id, digest, held_date, types in rows:
                if type(held_date) is str:  # SQLite gives dates as text
                    held_date = date.fromisoformat(held_date)
                if digest != keys.get(location_id) or (
                    held_date is not None and (file_date is None or file_date < held_date)
                ):
                    continue
                same[location_id] = [kind for kind in types.split("|") if kind]
                if file_date is not None and held_date != file_date:
                    newer.append(pk)
            if newer:
                with transaction.atomic():
                    Location.objects.filter(pk__in=newer).update(
                        source_date=file_date, source=source[:255]
                    )
            return same

        return held

    # --- one batch ----------------------------------------------------------------------

    @transaction.atomic
    def _write_batch(self, rows: list[RegisterRow], file_date: date | None, source: str) -> None:
        # A file may list a location twice: the later record wins.
        by_id = {row.location_id: row for row in rows}
        existing = _held(by_id)
        providers, updated = providers_for_rows(by_id.values())
        self.summary.providers_updated += updated
        to_create: list[dict[str, Any]] = []
        # Each location's changed values ({attname: value}, with its id): only what changed
        # is written, so a location is never written with another's fields.
        to_update: list[dict[str, Any]] = []
        history: list[LocationChange] = []
        renamed: dict[int, str] = {}
        council_names = {pk: c.name for pk, c in self.resolver.by_id.items()}
        for cqc_id, row in by_id.items():
            current = existing.get(cqc_id)
            if (
                current is not None
                and current.source_date is not None
                and (file_date is None or file_date < current.source_date)
            ):
                # Older data never overwrites newer data.
                self.summary.stale += 1
                continue
            values = self._values(row, providers, current)
            if current is None:
                filled = {k: "" if v is None and k in SAID_BLANK else v for k, v in values.items()}
                to_create.append(
                    {
                        "cqc_id": cqc_id,
                        "source_date": file_date,
                        "source": source,
                        "raw_digest": row.raw_digest or "",
                        **filled,
                    }
                )
                self.summary.created += 1
                if filled["registration_status"] == RegistrationStatus.DEREGISTERED:
                    self.summary.deregistered += 1
                continue
            changed: dict[str, Any] = {}
            for name in COMPARED_FIELDS:
                new = values.get(name)
                if new is None or (
                    (new == "" or new == []) and name not in ALWAYS_SET | SAID_BLANK
                ):
                    continue  # a blank never erases what an earlier file said
                old = getattr(current, name)
                if old != new:
                    changed[name] = new
                    history.append(
                        LocationChange(
                            location_id=current.pk,
                            field=name.removesuffix("_id"),
                            old_value=self._label(name, old, providers, council_names),
                            new_value=self._label(name, new, providers, council_names),
                            source=source,
                            source_date=file_date,
                        )
                    )
            if "name" in changed and current.name:
                renamed[current.pk] = current.name
            if changed.get("registration_status") == RegistrationStatus.DEREGISTERED:
                self.summary.deregistered += 1
            differs = bool(changed)
            if differs:
                self.summary.updated += 1
            else:
                self.summary.unchanged += 1
            if file_date is not None and current.source_date != file_date:
                changed["source_date"] = file_date
            if changed and current.source != source[:255]:
                changed["source"] = source[:255]
            digest = row.raw_digest or ("" if differs else current.raw_digest)
            if digest != current.raw_digest:
                # Written from these cells (or, from another source, no longer from a file
                # row's: the next file import compares it in full).
                changed["raw_digest"] = digest
            if changed:
                to_update.append({"id": current.pk, **changed})
        if renamed:
            # Linkage matches old names: keep each name a location had.
            held_names = dict(
                Location.objects.filter(pk__in=list(renamed)).values_list("pk", "previous_names")
            )
            for values in to_update:
                old_name = renamed.get(values["id"])
                if old_name and old_name not in held_names[values["id"]]:
                    values["previous_names"] = [*held_names[values["id"]], old_name]
        if to_create:
            # executemany (COPY on PostgreSQL) from the model's metadata: bulk_create spent
            # most of a first import preparing values field by field (docs/benchmarks.md).
            now = timezone.now()
            self._location_rows.insert(
                to_create, list(to_create[0]), constants={"created": now, "updated": now}
            )
        # One UPDATE … FROM (VALUES …) per shape of change (lib.bulk).
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for values in to_update:
            groups.setdefault(tuple(sorted(values.keys() - {"id"})), []).append(values)
        for attnames, group in groups.items():
            self._location_rows.update(group, attnames)
        LocationChange.objects.bulk_create(history, batch_size=BATCH_SIZE)

    def _label(
        self, name: str, value: Any, providers: dict[str, Provider], councils: dict[int, str]
    ) -> str:
        if value is None:
            return ""
        if name == "council_id":
            return councils.get(value, str(value))
        if name == "provider_id":
            for provider in providers.values():
                if provider.pk == value:
                    return provider.name
            return str(Provider.objects.filter(pk=value).values_list("name", flat=True).first())
        return display(value)

    def _resolve(self, row: RegisterRow) -> Resolution:
        key = (
            row.council_code,
            row.district_code,
            row.council_name,
            row.district_name,
            outcode(row.postcode) if row.postcode else None,
        )
        cached = self._resolution_cache.get(key)
        if cached is not None:
            return cached
        result = self.resolver.resolve(
            code=row.council_code,
            district_code=row.district_code,
            names=(row.council_name, row.district_name),
            postcode=row.postcode,
            latitude=row.latitude,
            longitude=row.longitude,
        )
        if result.how != "coordinates":  # a point decides for this row only
            self._resolution_cache[key] = result
        return result

    def _values(
        self, row: RegisterRow, providers: dict[str, Provider], current: Any
    ) -> dict[str, Any]:
        resolution = self._resolve(row)
        if resolution.council_id is None and (current is None or current.council_id is None):
            self.summary.unresolved_council += 1
            if len(self.summary.unresolved_rows) < SAMPLE_SIZE:
                self.summary.unresolved_rows.append(
                    {
                        "line": row.line,
                        "location_id": row.location_id,
                        "name": row.name,
                        "local_authority": row.council_name or row.district_name,
                        "postcode": row.postcode,
                        "reason": resolution.how,
                    }
                )
        if row.postcode is None and row.postcode_raw.strip():
            self.summary.postcode_invalid += 1
            if len(self.summary.warnings) < SAMPLE_SIZE:
                self.summary.warnings.append(
                    f"line {row.line}: {row.postcode_raw!r} is not a UK postcode ({row.location_id})"
                )
        latitude, longitude, approximate = row.latitude, row.longitude, False
        if latitude is None or longitude is None:
            if current is not None and not current.coordinates_approximate:
                # Keep exact coordinates an earlier file gave.
                latitude, longitude = current.latitude, current.longitude
            else:
                centroid = self.resolver.centroids.get(outcode(row.postcode) or "")
                if centroid is not None:
                    latitude, longitude = centroid
                    approximate = True
                    self.summary.approximate_coordinates += 1
                else:
                    latitude = longitude = None
        provider = providers.get(row.provider_id) if row.provider_id else None
        return {
            "name": row.name[:255],
            "also_known_as": (row.also_known_as or "")[:255],
            "brand_id": None if row.brand_id is None else row.brand_id[:20],
            "brand_name": None if row.brand_name is None else row.brand_name[:255],
            "provider_id": provider.pk if provider else None,
            "council_id": resolution.council_id,
            "district_code": (row.district_code or "")[:12],
            "address": row.address[:255],
            "town": (row.town or "")[:100],
            "postcode": row.postcode or "",
            "latitude": latitude,
            "longitude": longitude,
            "coordinates_approximate": approximate,
            "beds": row.beds,
            "service_types_text": service_text(row.service_types)
            or (current.service_types_text if current else ""),
            "primary_service_type": primary_service_type(row.service_types)
            or (current.primary_service_type if current else ""),
            "is_social_care": row.is_social_care,
            "registration_status": row.registration_status,
            "registration_date": row.registration_date,
            "deregistration_date": row.deregistration_date,
            "dormant": row.dormant,
            "rating": (row.rating or "")[:40],
            "rating_date": row.rating_date,
            "inspection_directorate": (row.inspection_directorate or "")[:60],
            "inspection_category": (row.inspection_category or "")[:100],
            "user_bands_text": bands_text(row.user_bands),
            "predecessor_ids": row.predecessors,
            "successor_ids": row.successors,
            "not_in_latest_file": False,
        }


# What a batch needs to know of the locations it already holds: the compared fields (the
# JSON ones only when the batch carries relationships), without building model instances.
_HELD_FIELDS = (
    "pk",
    "cqc_id",
    "source_date",
    "source",
    "raw_digest",
    *(f for f in COMPARED_FIELDS if not f.endswith("_ids")),
)


# What the reader's question (``RegisterImporter._unchanged_since``) reads of each location.
_DIGEST_FIELDS = ("pk", "cqc_id", "raw_digest", "source_date", "service_types_text")


def _held(by_id: dict[str, RegisterRow]) -> dict[str, SimpleNamespace]:
    fields: tuple[str, ...] = _HELD_FIELDS
    if any(row.predecessors or row.successors for row in by_id.values()):
        fields = (*fields, "predecessor_ids", "successor_ids")
    rows = Location.objects.filter(cqc_id__in=list(by_id)).values_list(*fields)
    held = (SimpleNamespace(**dict(zip(fields, row, strict=True))) for row in rows)
    return {h.cqc_id: h for h in held}


def import_register(
    paths: Sequence[Path],
    *,
    format: str | None = None,
    include_all: bool = False,
    full: bool = False,
    progress: Progress = null_progress,
    actor: Any = None,
    rejects: RejectWriter | None = None,
    force: bool = False,
) -> ImportSummary:
    """Import register files (formats detected unless ``format``); see the module doc.

    Rejected rows go to ``rejects`` when given (an import run's rejected-rows file); the
    summary keeps the first hundred either way.
    """
    importer = RegisterImporter(
        include_all=include_all,
        full=full,
        progress=progress,
        actor=actor,
        rejects=rejects,
        force=force,
    )
    return importer.run(paths, format)
