"""``commonground sync-register``: keep the register current from the CQC API.

The first run walks the region's councils (``/locations?localAuthority=…``) and reads every
location's record; later runs read the changes feed (``/changes/location`` and
``/changes/provider``) for the window since the last successful sync and fetch only those.
Providers whose name we lack, or that changed, are read from ``/providers/{id}``.

Every step keeps its state in the run's ``RegisterSync.checkpoint`` and saves it after each
page or chunk, so a run that is killed is resumed by the next ``sync-register`` where it
stopped. Locations go through the register importer (``RegisterImporter.import_rows``), so
the import rules hold here too: compare before write, a blank never erases, history kept.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from commonground.audit.log import log_action
from commonground.jobs.progress import Progress, null_progress
from commonground.lib import datacache
from commonground.register.cqc_api import CqcApi, NotFound, timestamp
from commonground.register.importers import RegisterImporter
from commonground.register.models import (
    Council,
    CouncilKind,
    Provider,
    Region,
    RegisterSync,
    SyncMode,
    SyncStatus,
)
from commonground.register.readers import scoped
from commonground.register.readers.api import api_record

CHUNK = 25  # locations fetched, written and checkpointed together
SOURCE = "CQC API (sync-register)"


class SyncRefused(Exception):
    """The sync cannot start (another one is running, no region, …)."""


def region_councils(region: Region) -> list[Council]:
    """The councils a first run walks: the region's councils with social care duties."""
    return list(
        Council.objects.filter(region=region, active=True)
        .exclude(kind=CouncilKind.DISTRICT)
        .order_by("name")
    )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _unfinished() -> RegisterSync | None:
    latest = RegisterSync.objects.order_by("-started", "-id").first()
    if latest is None or latest.status == SyncStatus.SUCCEEDED:
        return None
    return latest


def _new_run(api: CqcApi, region: Region, actor: str, now: datetime) -> RegisterSync:
    last = RegisterSync.objects.filter(status=SyncStatus.SUCCEEDED).order_by("-window_end").first()
    walked = set(last.councils) if last else set()
    missing = [c.ons_code for c in region_councils(region) if c.ons_code not in walked]
    if last is None or missing:
        # A first run, or a region whose councils were never walked: walk them. The
        # changes since the last sync are read too when there was one.
        return RegisterSync.objects.create(
            mode=SyncMode.WALK,
            base_url=api.base_url,
            region=region,
            window_start=last.window_end if last else None,
            window_end=now,
            councils=sorted(walked | set(missing)),
            checkpoint={"phase": "list", "to_walk": missing},
            actor=actor,
        )
    return RegisterSync.objects.create(
        mode=SyncMode.CHANGES,
        base_url=api.base_url,
        region=region,
        window_start=last.window_end,
        window_end=now,
        councils=sorted(walked),
        checkpoint={"phase": "list", "to_walk": []},
        actor=actor,
    )


class Sync:
    """One run (new or resumed). ``run()`` returns the finished ``RegisterSync``."""

    def __init__(
        self,
        api: CqcApi,
        region: Region,
        *,
        actor: str = "sync-register",
        progress: Progress = null_progress,
        say: Callable[[str], None] = lambda _msg: None,
        restart: bool = False,
        now: datetime | None = None,
    ) -> None:
        self.api = api
        self.region = region
        self.actor = actor
        self.progress = progress
        self.say = say
        self.restart = restart
        self.now = (now or timezone.now()).astimezone(UTC).replace(microsecond=0)
        self.importer = RegisterImporter(progress=null_progress, actor=actor)

    # --- the run ------------------------------------------------------------------------

    def start(self) -> RegisterSync:
        run = _unfinished()
        if (
            run is not None
            and run.status == SyncStatus.RUNNING
            and run.pid
            and run.host == socket.gethostname()
            and run.pid != os.getpid()
            and _pid_alive(run.pid)
        ):
            raise SyncRefused(
                f"Another sync-register is running (process {run.pid}, started "
                f"{run.started:%Y-%m-%d %H:%M} UTC). Wait for it to finish."
            )
        if run is not None and self.restart:
            run.status = SyncStatus.FAILED
            run.error = run.error or "abandoned: sync-register --restart"
            run.finished = timezone.now()
            run.save(update_fields=["status", "error", "finished"])
            run = None
        if run is None:
            run = _new_run(self.api, self.region, self.actor, self.now)
            self.say(
                f"First run: reading every location in {len(run.checkpoint['to_walk'])} councils"
                if run.mode == SyncMode.WALK and run.window_start is None
                else f"Changes since {run.window_start:%Y-%m-%d %H:%M} UTC"
                + (
                    f", and every location in {len(run.checkpoint['to_walk'])} councils "
                    "not walked before"
                    if run.mode == SyncMode.WALK
                    else ""
                )
            )
        else:
            run.resumed += 1
            run.status = SyncStatus.RUNNING
            run.error = ""
            done = run.checkpoint.get("done", 0)
            self.say(
                f"Resuming the sync started {run.started:%Y-%m-%d %H:%M} UTC "
                f"({run.checkpoint.get('phase', 'list')}: {done} locations done)"
            )
        run.pid = os.getpid()
        run.host = socket.gethostname()[:255]
        run.save()
        return run

    def run(self) -> RegisterSync:
        run = self.start()
        try:
            self._steps(run)
        except BaseException as exc:  # KeyboardInterrupt too: keep the checkpoint, say why
            run.status = SyncStatus.FAILED
            run.error = str(exc)[:2000] or type(exc).__name__
            run.counts = {**run.counts, **self.api.stats.as_dict()}
            run.save(update_fields=["status", "error", "counts"])
            raise
        return run

    def _steps(self, run: RegisterSync) -> None:
        cp = run.checkpoint
        if cp.get("phase") == "list":
            self._list(run)
        if cp.get("phase") == "locations":
            self._locations(run)
        if cp.get("phase") == "providers":
            self._providers(run)
        self.importer.finish()
        counts = {**run.counts, **self._summary_counts(run), **self.api.stats.as_dict()}
        with transaction.atomic():
            run.status = SyncStatus.SUCCEEDED
            run.finished = timezone.now()
            run.counts = counts
            run.checkpoint = {"phase": "done"}
            run.save()
            log_action(
                run,
                "register.sync.completed",
                self.actor,
                {
                    "mode": run.mode,
                    "window_start": run.window_start.isoformat() if run.window_start else None,
                    "window_end": run.window_end.isoformat(),
                    "resumed": run.resumed,
                    **counts,
                },
            )

    def _save(self, run: RegisterSync) -> None:
        run.save(update_fields=["checkpoint", "counts"])

    # --- step 1: which locations and providers to read ----------------------------------

    def _list(self, run: RegisterSync) -> None:
        cp = run.checkpoint
        cp.setdefault("ids", [])
        cp.setdefault("provider_ids", [])
        names = {c.ons_code: c.name for c in Council.objects.filter(ons_code__in=cp["to_walk"])}
        while cp["to_walk"]:
            code = cp["to_walk"][0]
            name = names.get(code, code)
            for page, pages, items in self.api.pages(
                "/locations", {"localAuthority": name}, "locations", start_page=cp.get("page", 1)
            ):
                ids = [str(item["locationId"]) for item in items if isinstance(item, dict)]
                cp["ids"] = _union(cp["ids"], ids)
                cp["page"] = page + 1
                self._save(run)
                self.progress(page, pages, f"listing {name}")
            cp["to_walk"] = cp["to_walk"][1:]
            cp.pop("page", None)
            self._save(run)
        if run.window_start is not None:
            window = {"startTimestamp": timestamp(run.window_start), "endTimestamp": None}
            window["endTimestamp"] = timestamp(run.window_end)
            for kind, key in (("location", "ids"), ("provider", "provider_ids")):
                if cp.get(f"{kind}_changes_listed"):
                    continue
                for page, pages, items in self.api.pages(
                    f"/changes/{kind}",
                    window,
                    "changes",
                    start_page=cp.get(f"{kind}_changes_page", 1),
                ):
                    cp[key] = _union(cp[key], [str(i) for i in items if isinstance(i, str)])
                    cp[f"{kind}_changes_page"] = page + 1
                    self._save(run)
                    self.progress(page, pages, f"changed {kind}s")
                cp[f"{kind}_changes_listed"] = True
                self._save(run)
        cp["phase"] = "locations"
        cp["done"] = 0
        run.counts["locations_listed"] = len(cp["ids"])
        run.counts["providers_listed"] = len(cp["provider_ids"])
        self._save(run)

    # --- step 2: read and write the locations -------------------------------------------

    def _locations(self, run: RegisterSync) -> None:
        cp = run.checkpoint
        ids: list[str] = cp["ids"]
        total = len(ids)
        counts = run.counts
        while cp["done"] < total:
            chunk = ids[cp["done"] : cp["done"] + CHUNK]
            rows = []
            providers: list[str] = []
            for offset, location_id in enumerate(chunk, start=cp["done"] + 1):
                try:
                    record = self.api.get(f"/locations/{location_id}")
                except NotFound:
                    counts["locations_not_found"] = counts.get("locations_not_found", 0) + 1
                    continue
                row = api_record(record, offset)
                rows.append(row)
                provider_id = record.get("providerId") if isinstance(record, dict) else None
                if isinstance(provider_id, str) and provider_id:
                    providers.append(provider_id)
            before = self.importer.summary.as_dict()
            with transaction.atomic():
                self.importer.import_rows(
                    scoped(rows), file_date=run.window_end.date(), source=SOURCE, total=None
                )
                after = self.importer.summary.as_dict()
                for key in ("created", "updated", "unchanged", "skipped", "rejected", "stale"):
                    counts[f"locations_{key}"] = (
                        counts.get(f"locations_{key}", 0) + after[key] - before[key]
                    )
                if any(after[k] != before[k] for k in ("created", "updated", "unchanged")):
                    # Written (an unchanged row still takes the sync's date): lists, figures
                    # and the coverage of these councils are stale.
                    datacache.changed("register")
                cp["provider_ids"] = _union(cp["provider_ids"], self._unnamed(providers))
                cp["done"] += len(chunk)
                self._save(run)
            self.progress(cp["done"], total, "locations")
        cp["phase"] = "providers"
        cp["providers_done"] = 0
        self._save(run)

    @staticmethod
    def _unnamed(provider_ids: list[str]) -> list[str]:
        """Of these providers, those whose record we have never read."""
        read = set(
            Provider.objects.filter(
                cqc_id__in=provider_ids, details_fetched__isnull=False
            ).values_list("cqc_id", flat=True)
        )
        return [pid for pid in dict.fromkeys(provider_ids) if pid not in read]

    # --- step 3: providers --------------------------------------------------------------

    def _providers(self, run: RegisterSync) -> None:
        cp = run.checkpoint
        held = set(
            Provider.objects.filter(cqc_id__in=cp["provider_ids"]).values_list("cqc_id", flat=True)
        )
        # Changed providers we hold no location of are not ours to keep.
        ids = [pid for pid in cp["provider_ids"] if pid in held]
        total = len(ids)
        counts = run.counts
        while cp["providers_done"] < total:
            chunk = ids[cp["providers_done"] : cp["providers_done"] + CHUNK]
            records = []
            for provider_id in chunk:
                try:
                    records.append(self.api.get(f"/providers/{provider_id}"))
                except NotFound:
                    counts["providers_not_found"] = counts.get("providers_not_found", 0) + 1
            with transaction.atomic():
                named, updated = apply_provider_records(records)
                if named or updated:
                    datacache.changed("register")  # providers' names show on pages
                counts["providers_named"] = counts.get("providers_named", 0) + named
                counts["providers_updated"] = counts.get("providers_updated", 0) + updated
                cp["providers_done"] += len(chunk)
                self._save(run)
            self.progress(cp["providers_done"], total, "providers")
        cp["phase"] = "finish"
        self._save(run)

    def _summary_counts(self, run: RegisterSync) -> dict[str, Any]:
        return {
            "links": self.importer.summary.links,
            "carried_over": self.importer.summary.carried_over,
        }


# Provider record keys (the API's /providers/{id}) → our fields.
PROVIDER_FIELDS = {
    "name": ("name", 255),
    "companiesHouseNumber": ("companies_house_number", 20),
    "charityNumber": ("charity_number", 20),
    "ownershipType": ("ownership_type", 100),
}


def apply_provider_records(records: list[Any]) -> tuple[int, int]:
    """Write providers' names and numbers from API records; returns (named, updated).

    A blank never erases; a new name keeps the old one in ``previous_names``.
    """
    by_id = {
        str(r["providerId"]): r
        for r in records
        if isinstance(r, dict) and isinstance(r.get("providerId"), str)
    }
    named = updated = 0
    now = timezone.now()
    for provider in Provider.objects.filter(cqc_id__in=list(by_id)):
        record = by_id[provider.cqc_id or ""]
        changed = False
        for key, (attr, length) in PROVIDER_FIELDS.items():
            value = record.get(key)
            if not isinstance(value, str | int) or isinstance(value, bool):
                continue
            text = str(value).strip()[:length]
            if not text or getattr(provider, attr) == text:
                continue
            if attr == "name":
                if provider.name:
                    provider.previous_names = [*provider.previous_names, provider.name]
                else:
                    named += 1
            setattr(provider, attr, text)
            changed = True
        updated += changed
        provider.details_fetched = now
        provider.save()
    return named, updated


def _union(old: list[str], new: list[str]) -> list[str]:
    return list(dict.fromkeys([*old, *new]))


def sync_register(
    api: CqcApi,
    region: Region,
    **kwargs: Any,
) -> RegisterSync:
    """Run (or resume) one sync; see the module doc."""
    return Sync(api, region, **kwargs).run()
