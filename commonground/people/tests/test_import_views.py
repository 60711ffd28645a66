from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.imports.models import ImportRun, MappingProfile
from commonground.people.models import Person

pytestmark = pytest.mark.django_db

FILE = (
    "Mem No.;Forename;Surname;Place of work;E-mail;Start\n"
    "AB12345;Synthetic;One;Oakwood;one@example.invalid;01/02/2020\n"
    "AB12346;Synthetic;Two;Oakwood;bad-email;01/02/2020\n"
    "AB12347;Synthetic;Three;Cedar Court;three@example.invalid;31/02/2020\n"
    "AB12348;Synthetic;Four;Cedar Court;;\n"
).encode("cp1252")


def upload(client, branch, content=FILE, name="branch list.csv"):
    return client.post(
        reverse("people:import-start"),
        {"file": SimpleUploadedFile(name, content, "text/csv"), "branch": branch.pk},
    )


def mapping_post(**extra):
    data = {
        "map_membership_number": "Mem No.",
        "map_first_name": "Forename",
        "map_last_name": "Surname",
        "map_workplace": "Place of work",
        "map_email": "E-mail",
        "map_joined": "Start",
        "key": "membership_number",
        "action": "dry_run",
    }
    data.update(extra)
    return data


def test_upload_preview_map_dry_run_confirm_and_download(
    client, branch_organiser_a, branch_a, django_capture_on_commit_callbacks
):
    client.force_login(branch_organiser_a)
    response = upload(client, branch_a)
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.original_name == "branch list.csv" and not (run.file.name or "").endswith(
        "branch list.csv"
    )
    mapping_url = reverse("people:import-mapping", args=[run.pk])
    page = client.get(mapping_url).content.decode()
    # Preview of the first rows and the guessed mapping, pre-selected.
    assert "AB12345" in page and '<option value="Mem No." selected>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(mapping_url, mapping_post(save_profile="Branch system"))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.dry_run and run.status == "done"
    assert run.counts["read"] == 4 and run.counts["accepted"] == 2 and run.counts["rejected"] == 2
    assert Person.objects.count() == 0
    assert MappingProfile.objects.get(name="Branch system").mapping["joined"] == "Start"
    detail = client.get(reverse("people:import-detail", args=[run.pk])).content.decode()
    assert "Dry run result" in detail and "Confirm and import" in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:import-confirm", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert not run.dry_run and run.counts["created"] == 2
    assert Person.objects.filter(branch=branch_a).count() == 2
    download = client.get(reverse("people:import-rejects", args=[run.pk]))
    rows = list(
        csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig")))
    )
    assert [r["line"] for r in rows] == ["3", "4"]
    assert "bad-email" in rows[0]["reasons"] and "31/02/2020" in rows[1]["reasons"]
    assert Entry.objects.filter(action="imports.run.exported").exists()
    assert Entry.objects.filter(action="imports.run.uploaded").exists()
    assert Entry.objects.filter(action="people.import.completed").exists()
    partial = client.get(reverse("people:import-detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b"data-count" in partial.content


def test_the_mapping_needs_the_key(client, branch_organiser_a, branch_a):
    client.force_login(branch_organiser_a)
    upload(client, branch_a)
    run = ImportRun.objects.get()
    response = client.post(
        reverse("people:import-mapping", args=[run.pk]), mapping_post(map_membership_number="")
    )
    assert response.status_code == 200 and "every record needs it" in response.content.decode()


def test_imports_are_scoped(client, personas, branch_organiser_a, branch_a, branch_b):
    client.force_login(branch_organiser_a)
    upload(client, branch_a)
    run = ImportRun.objects.get()
    # Cannot upload into another branch.
    assert upload(client, branch_b).status_code == 200
    assert ImportRun.objects.count() == 1
    client.force_login(personas["outsider_branch_b"])
    for name in ("import-mapping", "import-detail", "import-rejects"):
        assert client.get(reverse(f"people:{name}", args=[run.pk])).status_code == 404
    for persona in ("rep_at_workplace_x", "viewer"):
        client.force_login(personas[persona])
        assert client.get(reverse("people:import-start")).status_code == 403
    client.force_login(branch_organiser_a)
    assert client.get(reverse("people:import-confirm", args=[run.pk])).status_code == 405


def test_an_unreadable_upload_says_why(client, branch_organiser_a, branch_a):
    client.force_login(branch_organiser_a)
    upload(client, branch_a, content=b"\x00\x01" * 50, name="x.csv")
    run = ImportRun.objects.get()
    response = client.get(reverse("people:import-mapping", args=[run.pk]))
    assert response.status_code == 400 and "binary" in response.content.decode()


def test_the_imports_list_is_searched_and_filtered_by_status(client, branch_organiser_a, branch_a):
    client.force_login(branch_organiser_a)
    upload(client, branch_a, name="june members.csv")
    upload(client, branch_a, name="july contacts.csv")
    ImportRun.objects.filter(original_name="july contacts.csv").update(status="failed")
    url = reverse("people:import-list")
    every = client.get(url).content.decode()
    assert "june members.csv" in every and "july contacts.csv" in every
    june = client.get(url, {"q": "june"}).content.decode()
    assert "june members.csv" in june and "july contacts.csv" not in june
    failed = client.get(url, {"status": "failed"}).content.decode()
    assert "july contacts.csv" in failed and "june members.csv" not in failed
    assert "july contacts.csv" in client.get(url, {"q": branch_a.code}).content.decode()
    assert "No imports match these filters." in client.get(url, {"q": "august"}).content.decode()
