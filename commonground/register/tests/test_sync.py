"""``sync-register`` against a real HTTP server that serves the Oldham API records.

Nothing of ours is mocked: the command talks HTTP to ``FakeCqc`` (a server in this process,
or in the kill test a separate ``sync-register`` process that is killed and run again).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from commonground.audit.models import Entry
from commonground.register.models import (
    Location,
    LocationChange,
    Provider,
    RegisterSync,
    SyncMode,
    SyncStatus,
)
from commonground.register.seed import seed_north_west
from commonground.register.tests.conftest import DATA, OLDHAM, need_data
from commonground.register.tests.fake_cqc import FakeCqc, oldham_records

pytestmark = pytest.mark.django_db

KEY = "sk-test-7f3c9e1d2b"


@pytest.fixture
def records() -> list[dict[str, Any]]:
    need_data(OLDHAM)
    return oldham_records(DATA)


@pytest.fixture
def fake(records) -> Iterator[FakeCqc]:
    server = FakeCqc(records, key=KEY, max_per_page=100).start()
    yield server
    server.stop()


@pytest.fixture
def api_settings(settings, fake):
    settings.CQC_API_BASE = fake.url
    settings.CQC_API_KEY = KEY
    settings.CQC_API_BACKOFF = 0.05
    settings.CQC_API_ATTEMPTS = 4
    return settings


def sync(*args: str) -> dict[str, Any]:
    from io import StringIO

    out = StringIO()
    call_command("sync_register", "--json", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def social_care(records: list[dict[str, Any]]) -> set[str]:
    return {r["locationId"] for r in records if r.get("type") == "Social Care Org"}


def test_it_walks_the_region_then_names_every_provider(region, fake, api_settings, records):
    summary = sync()
    # Paging: Oldham's 451 locations are five pages of 100 here.
    pages = [r.query["page"] for r in fake.hits("/public/v1/locations") if r.path.endswith("ions")]
    assert sorted(set(pages)) == ["1", "2", "3", "4", "5"]
    assert len(fake.hits("/public/v1/locations/")) == len(records)
    held = set(Location.objects.values_list("cqc_id", flat=True))
    assert held == social_care(records)
    assert summary["mode"] == SyncMode.WALK and summary["locations_created"] == len(held)
    # Every provider of the synced locations now has its name from /providers/{id}.
    providers = Provider.objects.filter(locations__isnull=False).distinct()
    assert providers.count() == summary["providers_named"] > 0
    assert not providers.filter(name="").exists()
    one = providers.first()
    assert one is not None and one.name == fake.provider_name(one.cqc_id or "")
    assert one.companies_house_number and one.ownership_type == "Organisation"
    run = RegisterSync.objects.get()
    assert run.status == SyncStatus.SUCCEEDED and "E08000004" in run.councils
    entry = Entry.objects.get(action="register.sync.completed")
    assert entry.data["locations_created"] == len(held)
    # Brand names come from the location records.
    assert Location.objects.exclude(brand_name="").exists()


def test_a_second_run_reads_only_the_changes_since_the_first(region, fake, api_settings, records):
    sync()
    first = RegisterSync.objects.get()
    changed = next(r for r in records if r["locationId"] in social_care(records))
    fake.records[changed["locationId"]] = {**changed, "name": "Renamed By CQC"}
    provider_id = changed["providerId"]
    fake.provider_names[provider_id] = "New Owner Care Ltd"
    fake.location_changes = [changed["locationId"], "1-000000001"]  # one we never held
    fake.provider_changes = [provider_id]
    before = len(fake.hits("/public/v1/locations/"))

    summary = sync()

    assert summary["mode"] == SyncMode.CHANGES
    feed = fake.hits("/public/v1/changes/location")[-1].query
    assert feed["startTimestamp"] == first.window_end.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert feed["endTimestamp"] == summary["window_end"][:19] + "Z"
    details = [r.path for r in fake.hits("/public/v1/locations/")[before:]]
    assert details == [
        f"/public/v1/locations/{changed['locationId']}",
        "/public/v1/locations/1-000000001",
    ]
    location = Location.objects.get(cqc_id=changed["locationId"])
    assert location.name == "Renamed By CQC"
    assert LocationChange.objects.filter(location=location, field="name").exists()
    provider = Provider.objects.get(cqc_id=provider_id)
    assert provider.name == "New Owner Care Ltd"
    assert fake.provider_name(provider_id) != "" and len(provider.previous_names) == 1
    assert summary["locations_not_found"] == 1


def test_it_waits_as_a_429_says_and_retries_a_500(region, fake, api_settings, records):
    fake.rate_limit("/public/v1/locations", retry_after="1")
    target = sorted(social_care(records))[3]
    fake.fail(f"/public/v1/locations/{target}", 500, 503)

    summary = sync()

    listing = [r for r in fake.requests if r.path == "/public/v1/locations"]
    assert listing[0].status == 429 and listing[1].status == 200
    assert listing[1].at - listing[0].at >= 1.0  # Retry-After: 1 was honoured
    detail = [r.status for r in fake.requests if r.path == f"/public/v1/locations/{target}"]
    assert detail == [500, 503, 200]
    assert summary["retries"] == 3
    assert summary["retried_statuses"] == {"429": 1, "500": 1, "503": 1}
    assert Location.objects.filter(cqc_id=target).exists()


def test_a_missing_or_rejected_key_is_a_clear_error_that_never_shows_the_key(
    region, fake, api_settings
):
    api_settings.CQC_API_KEY = ""
    with pytest.raises(CommandError, match=r"No CQC API subscription key\. Set CQC_API_KEY"):
        sync()
    assert fake.requests == []

    api_settings.CQC_API_KEY = "wrong-key-123456"
    with pytest.raises(CommandError) as exc:
        sync()
    message = str(exc.value)
    assert "rejected the subscription key (HTTP 401" in message
    assert "wrong-key-123456" not in message
    run = RegisterSync.objects.get()
    assert run.status == SyncStatus.FAILED
    stored = json.dumps(
        [run.error, run.checkpoint, run.counts, list(Entry.objects.values_list("data", flat=True))],
        default=str,
    )
    assert "wrong-key-123456" not in stored and KEY not in stored


def test_a_failed_run_is_resumed_where_it_stopped(region, fake, api_settings, records):
    ids = sorted(social_care(records))
    # The 60th location fails every attempt: the run stops after two chunks of 25.
    walk_order = [r["locationId"] for r in records]
    stuck = walk_order[59]
    fake.fail(f"/public/v1/locations/{stuck}", *([500] * 4))
    with pytest.raises(CommandError, match="gave up after 4 attempts"):
        sync()
    run = RegisterSync.objects.get()
    assert run.status == SyncStatus.FAILED and run.checkpoint["done"] == 50
    first_pass = Counter(r.path for r in fake.hits("/public/v1/locations/"))

    summary = sync()

    assert summary["resumed"] == 1 and RegisterSync.objects.count() == 1
    again = Counter(r.path for r in fake.hits("/public/v1/locations/")) - first_pass
    # Nothing before the checkpoint was fetched again; everything after it was.
    assert not any(f"/public/v1/locations/{i}" in again for i in walk_order[:50])
    assert all(again[f"/public/v1/locations/{i}"] == 1 for i in walk_order[50:])
    assert set(Location.objects.values_list("cqc_id", flat=True)) == set(ids)


def _command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "commonground", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


class SharedDatabase:
    """The test database, reachable from another process (and readable back with SQL).

    PostgreSQL: the test database itself. SQLite (in memory): a file copy of it.
    """

    def __init__(self, tmp_path: Path) -> None:
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.file = tmp_path / "sync.sqlite3"
            with sqlite3.connect(self.file) as target:
                connection.ensure_connection()
                connection.connection.backup(target)  # type: ignore[union-attr]
            self.url = f"sqlite:///{self.file}"
        else:
            db = connection.settings_dict
            self.url = (
                f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
                if not db.get("PASSWORD")
                else f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            )

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.file) as conn:
                return conn.execute(sql).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_a_killed_sync_resumes_in_a_new_process(tmp_path: Path, records):
    seed_north_west()
    shared = SharedDatabase(tmp_path)
    fake = FakeCqc(records, key=KEY, max_per_page=200).start()
    try:
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": shared.url,
            "COMMONGROUND_VAR_DIR": str(tmp_path),
            "CQC_API_BASE": fake.url,
            "CQC_API_KEY": KEY,
            "CQC_API_BACKOFF": "0.05",
        }
        fake.delay = 0.02
        process = subprocess.Popen(
            [sys.executable, "-m", "commonground", "sync-register", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while len(fake.hits("/public/v1/locations/")) < 80 and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        [(status, checkpoint)] = shared.rows("SELECT status, checkpoint FROM register_registersync")
        checkpoint = json.loads(checkpoint) if isinstance(checkpoint, str) else checkpoint
        done_before = checkpoint["done"]
        assert status == "running" and 50 <= done_before < len(records)
        first_pass = Counter(r.path for r in fake.hits("/public/v1/locations/"))

        fake.delay = 0.0
        second = _command(env, "sync-register", "--json")

        assert second.returncode == 0, second.stderr
        assert "Resuming the sync started" in second.stderr
        summary = json.loads(second.stdout)
        assert summary["resumed"] == 1
        again = Counter(r.path for r in fake.hits("/public/v1/locations/")) - first_pass
        walk_order = [r["locationId"] for r in records]
        assert not any(f"/public/v1/locations/{i}" in again for i in walk_order[:done_before])
        assert KEY not in second.stdout + second.stderr
        held = {row[0] for row in shared.rows("SELECT cqc_id FROM register_location")}
        runs = shared.rows("SELECT status, resumed FROM register_registersync")
        [(unnamed,)] = shared.rows("SELECT COUNT(*) FROM register_provider WHERE name = ''")
        assert held == social_care(records)
        assert runs == [("succeeded", 1)] and unnamed == 0
    finally:
        fake.stop()


def test_a_running_sync_leaves_the_cache_alone_and_a_finished_one_updates_the_banner(
    client, region, fake, api_settings, regional_organiser
):
    from datetime import timedelta

    from django.db.models.signals import post_save
    from django.urls import reverse
    from django.utils import timezone

    from commonground.lib import datacache

    sync()
    # Oldham's data as if the last sync were 300 days ago: the banner says it is old.
    old = timezone.now() - timedelta(days=300)
    RegisterSync.objects.update(window_end=old)
    Location.objects.update(source_date=old.date())
    datacache.bump("register")
    client.force_login(regional_organiser)
    url = reverse("register:location-list")
    oldham = {"council": "E08000004"}
    assert "coverage-banner" in client.get(url, oldham).content.decode()

    seen: list[tuple[str, int]] = []

    def observe(sender: Any, instance: RegisterSync, **kwargs: Any) -> None:
        seen.append((instance.status, datacache.generation("register")))
        client.get(url, oldham)  # a page read mid-run caches what it shows

    fake.location_changes = []  # CQC reports no change since
    fake.provider_changes = []
    post_save.connect(observe, sender=RegisterSync)
    try:
        start = datacache.generation("register")
        sync()
    finally:
        post_save.disconnect(observe, sender=RegisterSync)
    running = [generation for status, generation in seen if status == SyncStatus.RUNNING]
    assert len(running) >= 3 and set(running) == {start}  # checkpoints saved, nothing bumped
    assert seen[-1][0] == SyncStatus.SUCCEEDED and seen[-1][1] > start
    assert "coverage-banner" not in client.get(url, oldham).content.decode()
