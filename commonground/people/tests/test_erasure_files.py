"""Erasure reaches the import files that hold the person (security issue 14, finding 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.imports.models import ImportRun
from commonground.people.actions import erase_person
from commonground.people.models import Membership, Person
from commonground.people.subject_access import collect

pytestmark = pytest.mark.django_db

EXTRACT = (
    "Membership No,Forename,Surname,E-mail\n"
    "AB20001,Synthetic,Erasable,erasable@example.invalid\n"
    "AB20002,Synthetic,Staying,staying@example.invalid\n"
    "AB20003,Synthetic,Rejected,not-an-email\n"
)
MAPPING = {
    "map_membership_number": "Membership No",
    "map_first_name": "Forename",
    "map_last_name": "Surname",
    "map_email": "E-mail",
    "key": "membership_number",
    "action": "import",
}


def _import(client, branch, text, django_capture_on_commit_callbacks) -> ImportRun:
    upload = SimpleUploadedFile("branch list.csv", text.encode(), "text/csv")
    client.post(reverse("people:import-start"), {"file": upload, "branch": branch.pk})
    run = ImportRun.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:import-mapping", args=[run.pk]), MAPPING)
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run


def test_erasure_deletes_the_upload_and_rejected_rows_that_hold_the_person(
    client, admin, branch_a, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    holding = _import(client, branch_a, EXTRACT, django_capture_on_commit_callbacks)
    other = _import(
        client,
        branch_a,
        EXTRACT.replace("AB20001,Synthetic,Erasable,erasable@example.invalid\n", ""),
        django_capture_on_commit_callbacks,
    )
    upload, rejected = Path(holding.file.path), Path(holding.rejected_file.path)
    assert "AB20001" in upload.read_text()
    person = Person.objects.get(email="erasable@example.invalid")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:person-erase", args=[person.pk]),
            {"reason": "request", "confirm": "on"},
            follow=True,
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 uploaded import file that held this person was deleted" in page

    holding.refresh_from_db()
    assert not upload.exists() and holding.file.name == ""
    # The rejected rows of that run do not hold them (their row was accepted): kept.
    assert rejected.exists() and holding.rejected_file.name
    other.refresh_from_db()
    assert Path(other.file.path).exists()  # it never held them
    entry = Entry.objects.get(action="people.person.erased")
    assert entry.data["wiped"]["import_files"] == {
        "uploads": 1,
        "rejected_rows": 0,
        "runs": [holding.pk],
    }


def test_erasure_takes_the_persons_rows_out_of_rejected_rows_files(
    client, admin, branch_a, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    extract = EXTRACT + "AB20004,Synthetic,Another,also-not-an-email\n"
    run = _import(client, branch_a, extract, django_capture_on_commit_callbacks)
    rejected = Path(run.rejected_file.path)
    assert "AB20003" in rejected.read_text(encoding="utf-8-sig")
    # The person whose row was rejected is known to the branch from elsewhere.
    person = Person.objects.create(
        branch=branch_a, full_name="Synthetic Rejected", email="other@example.invalid"
    )
    Membership.objects.create(person=person, branch=branch_a, number="AB20003")
    with django_capture_on_commit_callbacks(execute=True):
        wiped = erase_person(admin, person)
    run.refresh_from_db()
    # The upload held AB20003 too: deleted. The rejected rows lose that row only.
    assert wiped["import_files"] == {"uploads": 1, "rejected_rows": 1, "runs": [run.pk]}
    assert run.file.name == "" and run.rejected_file.name
    text = rejected.read_text(encoding="utf-8-sig")
    assert "AB20003" not in text and "AB20004" in text
    assert text.startswith("line,reasons,")
    assert rejected.stat().st_mode & 0o777 == 0o600


def test_subject_access_lists_the_import_files_that_hold_the_person(
    client, admin, branch_a, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    run = _import(client, branch_a, EXTRACT, django_capture_on_commit_callbacks)
    person = Person.objects.get(email="erasable@example.invalid")
    data = collect(person)
    assert data["import_files"] == [
        {
            "import": run.pk,
            "file": "branch list.csv",
            "uploaded": run.created.isoformat(),
            "in_upload": True,
            "rejected_rows": 0,
        }
    ]


def test_a_dry_run_whose_upload_was_erased_cannot_be_confirmed(
    client, admin, branch_a, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    upload = SimpleUploadedFile("branch list.csv", EXTRACT.encode(), "text/csv")
    client.post(reverse("people:import-start"), {"file": upload, "branch": branch_a.pk})
    run = ImportRun.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:import-mapping", args=[run.pk]), {**MAPPING, "action": "dry"})
    run.refresh_from_db()
    assert run.dry_run and run.status == "done"
    someone = Person.objects.create(branch=branch_a, full_name="Synthetic Elsewhere")
    Membership.objects.create(person=someone, branch=branch_a, number="AB20002")
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(admin, someone)
    run.refresh_from_db()
    assert run.status == "failed" and "erased" in run.error
