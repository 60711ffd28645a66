"""One run model for every import: locks, stale runs, the rejected-rows file, audited writes.

Security issue 14, findings 8 (two imports of one file at once; killed runs left running)
and 11 (the command's rejected rows in a world-readable temporary directory).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import socket
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from commonground.audit.models import Entry
from commonground.imports import runs
from commonground.imports.models import ImportRun, RunStatus
from commonground.imports.registry import importer_for
from commonground.people.models import Person
from commonground.people.retention import purge
from commonground.register.models import Location
from commonground.register.tests.conftest import HSCA_HEADER, hsca_row
from commonground.testing import make_branch

pytestmark = pytest.mark.django_db

EXTRACT = (
    "Membership No,Forename,Surname,E-mail\n"
    "AB10001,Synthetic,One,one@example.invalid\n"
    "AB10002,Synthetic,Two,not-an-email\n"
)


def _file(tmp_path: Path, name: str = "branch.csv", text: str = EXTRACT) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _people(path: Path, *args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("import_people", str(path), "--branch", "T-A", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def _running(branch: Any, **fields: Any) -> ImportRun:
    """A run another process holds right now (this host, a live process, a fresh beat)."""
    values: dict[str, Any] = {
        "kind": "people",
        "original_name": "branch.csv",
        "branch": branch,
        "status": RunStatus.RUNNING,
        "lock_key": runs.lock_key("people", branch),
        "host": socket.gethostname(),
        "pid": os.getppid(),
        "started": timezone.now(),
        "heartbeat": timezone.now(),
    }
    values.update(fields)
    return ImportRun.objects.create(**values)


# --- Two imports at once (finding 8) -------------------------------------------------------


def test_a_second_import_into_a_branch_is_refused_with_a_clear_message(branch_a, tmp_path):
    holder = _running(branch_a)
    with pytest.raises(CommandError) as refused:
        _people(_file(tmp_path))
    message = str(refused.value)
    assert "already running" in message and f"#{holder.pk}" in message
    assert "IntegrityError" not in message
    assert Person.objects.count() == 0
    # The refused run says why; the holder runs on.
    second = ImportRun.objects.exclude(pk=holder.pk).get()
    assert second.status == RunStatus.FAILED and "already running" in second.error
    holder.refresh_from_db()
    assert holder.status == RunStatus.RUNNING


def test_imports_into_other_branches_and_dry_runs_do_not_wait(branch_a, branch_b, tmp_path):
    _running(branch_b)
    assert _people(_file(tmp_path))["created"] == 1
    _running(branch_a)
    assert _people(_file(tmp_path), "--dry-run")["accepted"] == 1


def test_a_register_file_waits_for_the_register_import_running(region, tmp_path):
    ImportRun.objects.create(
        kind="register",
        status=RunStatus.RUNNING,
        lock_key="register",
        host=socket.gethostname(),
        pid=os.getppid(),
        heartbeat=timezone.now(),
    )
    path = tmp_path / "hsca_2021-03-01.csv"
    path.write_text(HSCA_HEADER + hsca_row("1-100000001", "A Home"), encoding="utf-8")
    with pytest.raises(CommandError, match="already running into the register"):
        call_command("import_register", str(path), stdout=io.StringIO())
    assert not Location.objects.exists()


# --- Killed and stale runs ------------------------------------------------------------------


def test_a_run_whose_process_was_killed_is_marked_failed(branch_a, tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    killed = _running(branch_a, pid=dead.pid)
    assert _people(_file(tmp_path))["created"] == 1
    killed.refresh_from_db()
    assert killed.status == RunStatus.FAILED
    assert "stopped without finishing" in killed.error and killed.lock_key == ""


def test_a_run_without_a_heartbeat_for_a_quarter_hour_is_marked_failed(branch_a, tmp_path):
    quiet = timezone.now() - datetime.timedelta(minutes=16)
    stale = _running(branch_a, host="another-host", heartbeat=quiet, started=quiet)
    fresh = _running(make_branch(branch_a.region, "T-C", []))
    assert runs.mark_stale_runs_failed() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, fresh.status) == (RunStatus.FAILED, RunStatus.RUNNING)


# --- The command's rejected rows (finding 11) -------------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_commands_rejected_rows_stay_private_and_are_purged(
    branch_a, tmp_path, dry_run, django_capture_on_commit_callbacks
):
    result = _people(_file(tmp_path), *(["--dry-run"] if dry_run else []))
    rejected = Path(result["rejected_file"])
    assert rejected.is_file()
    assert rejected.is_relative_to(Path(settings.MEDIA_ROOT) / "imports" / "rejected")
    assert stat.S_IMODE(rejected.stat().st_mode) == 0o600
    assert "AB10002" in rejected.read_text(encoding="utf-8-sig")
    run = ImportRun.objects.get()
    assert run.dry_run is dry_run and run.rejected_file.name
    # Retention deletes it with the run's other files.
    later = timezone.now() + datetime.timedelta(days=400)
    with django_capture_on_commit_callbacks(execute=True):
        purge(apply=True, rules=["import_files"], now=later)
    assert not rejected.exists()


# --- Writes through actions, audited; importers registered --------------------------------


def test_saving_a_mapping_profile_is_audited(client, branch_organiser_a, branch_a):
    client.force_login(branch_organiser_a)
    client.post(
        reverse("people:import-start"),
        {"file": SimpleUploadedFile("b.csv", EXTRACT.encode(), "text/csv"), "branch": branch_a.pk},
    )
    run = ImportRun.objects.get()
    client.post(
        reverse("people:import-mapping", args=[run.pk]),
        {
            "map_membership_number": "Membership No",
            "map_first_name": "Forename",
            "map_last_name": "Surname",
            "map_email": "E-mail",
            "key": "membership_number",
            "action": "dry_run",
            "save_profile": "Branch system",
        },
    )
    entry = Entry.objects.get(action="imports.profile.created")
    assert entry.actor_id == branch_organiser_a.pk
    assert entry.data["mapping"]["email"] == "E-mail"
    assert stat.S_IMODE(Path(run.file.path).stat().st_mode) == 0o600


def test_each_kind_of_import_is_registered_and_an_unknown_one_is_said_plainly():
    assert importer_for("people").permission == "import_people"
    assert importer_for("register").permission == "import_register"
    with pytest.raises(LookupError, match="no importer of kind 'members'"):
        importer_for("members")
