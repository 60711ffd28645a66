"""Every importer on one framework: one run, one progress, one rejected-rows file, one
summary shape (issue 15), seen through the commands and the pages."""

from __future__ import annotations

import io
import json
import os
import socket
import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from commonground.audit.models import Entry
from commonground.imports.models import ImportRun, RunStatus
from commonground.imports.summary import CORE_KEYS
from commonground.motions.tests.test_views import PAGE
from commonground.register.models import Council, Location
from commonground.register.tests.conftest import HSCA_HEADER, hsca_row
from commonground.register.tests.test_fuzz_places import COUNCIL_HEADER

pytestmark = pytest.mark.django_db

EXTRACT = (
    "Membership No,Forename,Surname,E-mail\n"
    "AB30001,Synthetic,One,one@example.invalid\n"
    "AB30002,Synthetic,Two,not-an-email\n"
)
COUNCILS = (
    COUNCIL_HEADER + "\n"
    "BOL,Bolton Council,Bolton,E08000001,,England,North West,MD,,,,True,53.5,-2.4\n"
    "BAD,Nowhere,Nowhere,X123,,England,North West,MD,,,,True,53.5,-2.4\n"
)


def _register_file(tmp_path: Path) -> Path:
    path = tmp_path / "hsca_2021-03-01.csv"
    path.write_text(
        HSCA_HEADER
        + hsca_row("1-100000001", "A Home")
        + hsca_row("1-100000002", "Bad Beds Home", beds="lots"),
        encoding="utf-8",
    )
    return path


def _holding_the_register() -> ImportRun:
    return ImportRun.objects.create(
        kind="register",
        original_name="held.ods",
        status=RunStatus.RUNNING,
        lock_key="register",
        host=socket.gethostname(),
        pid=os.getppid(),
        started=timezone.now(),
        heartbeat=timezone.now(),
    )


def test_every_kind_of_import_is_a_run_with_one_summary_shape(region, branch_a, tmp_path):
    people = tmp_path / "branch.csv"
    people.write_text(EXTRACT, encoding="utf-8")
    councils = tmp_path / "councils.csv"
    councils.write_text(COUNCILS, encoding="utf-8")
    motion = tmp_path / "motion.txt"
    motion.write_text(PAGE, encoding="utf-8")
    out = io.StringIO()
    call_command("import_people", str(people), "--branch", "T-A", "--json", stdout=out)
    call_command("import_register", str(_register_file(tmp_path)), "--json", stdout=out)
    call_command("import_councils", str(councils), "--json", stdout=out)
    call_command("import_motion", str(motion), stdout=out, stderr=io.StringIO())

    runs = {run.kind: run for run in ImportRun.objects.all()}
    assert set(runs) == {"people", "register", "councils", "motions"}
    for kind, run in runs.items():
        assert run.status == RunStatus.DONE, (kind, run.error)
        assert set(CORE_KEYS) <= set(run.counts), kind
        assert run.job is not None and run.job.status == "done", kind
        assert run.lock_key == "" and run.finished is not None, kind
    assert [runs[k].counts["rejected"] for k in ("people", "register", "councils")] == [1, 1, 1]
    assert runs["motions"].counts["created"] == 1
    # The rejected rows of each, in the same file shape: line, reasons, then the row.
    for kind, needle in (("people", "AB30002"), ("register", "lots"), ("councils", "GSS")):
        path = Path(runs[kind].rejected_file.path)
        text = path.read_text(encoding="utf-8-sig")
        assert text.startswith("line,reasons,") and needle in text, kind
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, kind


def test_a_register_imports_rejected_rows_are_downloadable_from_its_page(
    client, regional_organiser, region, tmp_path
):
    call_command("import_register", str(_register_file(tmp_path)), stdout=io.StringIO())
    run = ImportRun.objects.get(kind="register")
    client.force_login(regional_organiser)
    page = client.get(reverse("register:import-create")).content.decode()
    url = reverse("register:import-rejects", args=[run.pk])
    assert url in page and "hsca_2021-03-01.csv" in page
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Bad Beds Home" in text and "Care homes beds" in text
    assert Entry.objects.filter(
        action="imports.run.exported", actor_id=regional_organiser.pk, data__run=run.pk
    ).exists()


def test_a_register_upload_is_kept_private(client, regional_organiser, region, tmp_path):
    client.force_login(regional_organiser)
    upload = SimpleUploadedFile("hsca_2021-03-01.csv", _register_file(tmp_path).read_bytes())
    client.post(reverse("register:import-create"), {"file": upload})
    run = ImportRun.objects.get(kind="register")
    assert stat.S_IMODE(Path(run.file.path).stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(run.file.path).parent.stat().st_mode) == 0o700


def test_place_files_wait_for_the_register_import_running(region, tmp_path):
    holder = _holding_the_register()
    councils = tmp_path / "councils.csv"
    councils.write_text(COUNCILS, encoding="utf-8")
    with pytest.raises(
        CommandError, match=f"already running into the register: import #{holder.pk}"
    ):
        call_command("import_councils", str(councils), stdout=io.StringIO())
    assert not Council.objects.filter(official_name="Bolton Council").exists()
    refused = ImportRun.objects.get(kind="councils")
    assert refused.status == RunStatus.FAILED and "already running" in refused.error


def test_a_queued_import_into_a_busy_branch_fails_and_its_page_says_why(
    client, branch_organiser_a, branch_a, django_capture_on_commit_callbacks
):
    client.force_login(branch_organiser_a)
    holder = ImportRun.objects.create(
        kind="people",
        original_name="other.csv",
        branch=branch_a,
        status=RunStatus.RUNNING,
        lock_key=f"branch:{branch_a.pk}",
        host=socket.gethostname(),
        pid=os.getppid(),
        started=timezone.now(),
        heartbeat=timezone.now(),
    )
    upload = SimpleUploadedFile("branch.csv", EXTRACT.encode(), "text/csv")
    client.post(reverse("people:import-start"), {"file": upload, "branch": branch_a.pk})
    run = ImportRun.objects.exclude(pk=holder.pk).get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:import-mapping", args=[run.pk]),
            {
                "map_membership_number": "Membership No",
                "map_first_name": "Forename",
                "map_last_name": "Surname",
                "map_email": "E-mail",
                "key": "membership_number",
                "action": "import",
            },
        )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    page = client.get(reverse("people:import-detail", args=[run.pk])).content.decode()
    assert "already running" in page and f"#{holder.pk}" in page
    assert "IntegrityError" not in page and "Traceback" not in page


def test_a_motion_import_is_recorded_as_a_run_and_a_repeat_is_unchanged(tmp_path):
    motion = tmp_path / "motion.txt"
    motion.write_text(PAGE, encoding="utf-8")
    for _ in range(2):
        call_command("import_motion", str(motion), stdout=io.StringIO(), stderr=io.StringIO())
    first, second = ImportRun.objects.filter(kind="motions").order_by("pk")
    assert (first.counts["created"], second.counts["unchanged"]) == (1, 1)


def test_the_register_commands_json_names_its_rejected_rows_file(region, tmp_path):
    out = io.StringIO()
    call_command("import_register", str(_register_file(tmp_path)), "--json", stdout=out)
    result = json.loads(out.getvalue())
    run = ImportRun.objects.get(kind="register")
    assert result["rejected_file"] == run.rejected_file.path
    assert Location.objects.count() == 1
