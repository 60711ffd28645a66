from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from bench.people_extract import HEADERS, iter_rows, write_csv
from commonground.audit.models import Entry
from commonground.imports.models import ImportRun, MappingProfile
from commonground.people.models import Membership, Person

CONTRACT = {
    "read",
    "accepted",
    "rejected",
    "created",
    "updated",
    "unchanged",
    "lapsed",
    "rejected_file",
}


def run(path: Path, branch: str = "T-A", *args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("import_people", str(path), "--branch", branch, "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def rejected_rows(result: dict[str, Any]) -> list[dict[str, str]]:
    with open(result["rejected_file"], encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";"), ("cp1252", "\t"), ("utf-8", "\t")],
)
def test_it_counts_a_messy_extract_exactly(tmp_path, branch_a, encoding, delimiter):
    path = tmp_path / "extract.csv"
    expected = write_csv(path, 600, encoding=encoding, delimiter=delimiter)
    result = run(path)
    assert set(result) >= CONTRACT
    assert (result["read"], result["accepted"], result["rejected"]) == (
        expected.read,
        expected.accepted,
        expected.rejected,
    )
    assert result["created"] == expected.accepted and result["updated"] == 0
    assert Person.objects.filter(branch=branch_a).count() == expected.accepted
    numbers = set(Membership.objects.values_list("number", flat=True))
    assert numbers == set(expected.numbers)
    rejects = rejected_rows(result)
    assert len(rejects) == expected.rejected
    assert all(r["line"].isdigit() and r["reasons"] for r in rejects)
    # Accents survive whichever encoding the file came in.
    assert Person.objects.filter(full_name__startswith="Siobhán").exists()


@pytest.mark.django_db
def test_it_keeps_quoted_newlines_and_reports_the_physical_line(tmp_path, branch_a):
    path = tmp_path / "quoted.csv"
    path.write_text(
        "Member No,First name,Surname,Workplace,Email\n"
        'M1000001,Ann,Synthetic,"The Willows\nNursing Wing",a@example.invalid\n'
        "M1000002,Bob,Synthetic,Oakwood,not-an-email\n"
        ",Cat,Synthetic,Oakwood,c@example.invalid\n"
        "M1000004,Dan\n"
        "M1000001,Eve,Synthetic,Oakwood,e@example.invalid\n"
        ",,,,\n",
        encoding="utf-8",
    )
    result = run(path)
    assert (result["read"], result["accepted"], result["rejected"]) == (5, 1, 4)
    assert Person.objects.get().workplace_text == "The Willows Nursing Wing"
    reasons = {int(r["line"]): r["reasons"] for r in rejected_rows(result)}
    assert set(reasons) == {4, 5, 6, 7}
    assert "email" in reasons[4] and "not-an-email" in reasons[4]
    assert "membership_number: missing" in reasons[5]
    assert "cells" in reasons[6]
    assert "appears again (first on line 2)" in reasons[7]


@pytest.mark.django_db
def test_it_imports_xlsx(tmp_path, branch_a):
    path = tmp_path / "extract.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    rows = list(iter_rows(120, bad_every=50))
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    result = run(path)
    with_data = [r for r in rows if any(r)]
    assert result["read"] == len(with_data)
    assert result["accepted"] + result["rejected"] == result["read"]
    assert result["rejected"] == 10
    assert result["format"] == "xlsx"


@pytest.mark.django_db
def test_it_is_idempotent_and_detects_changes(tmp_path, branch_a):
    path = tmp_path / "extract.csv"
    expected = write_csv(path, 300)
    first = run(path)
    last_id = Entry.objects.order_by("-id").values_list("id", flat=True).first()
    second = run(path)
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, expected.accepted)
    assert Person.objects.count() == expected.accepted
    # Only the completion row: an unchanged import writes no change rows.
    new_rows = Entry.objects.filter(id__gt=last_id).values_list("action", flat=True)
    assert set(new_rows) == {"people.import.completed"}
    text = path.read_text(encoding="utf-8").replace("Care Assistant", "Senior Care Assistant", 1)
    path.write_text(text, encoding="utf-8")
    third = run(path)
    assert (third["created"], third["updated"]) == (0, 1)
    assert first["accepted"] == third["updated"] + third["unchanged"]


@pytest.mark.django_db
def test_a_full_extract_proposes_lapsed_members_and_marks_them_only_when_confirmed(
    tmp_path, branch_a
):
    full = tmp_path / "full.csv"
    expected = write_csv(full, 200)
    run(full)
    partial = tmp_path / "partial.csv"
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    # Drop the last 20 data lines (whatever they held).
    partial.write_text("".join(lines[:-20]), encoding="utf-8")
    dry = run(partial, "T-A", "--dry-run", "--full-extract")
    assert dry["lapsed"] > 0 and dry["dry_run"]
    proposal = run(partial, "T-A", "--full-extract")
    missing_members = proposal["lapsed"]
    assert missing_members > 0
    assert not Membership.objects.filter(status="lapsed", source="partial.csv").exists()
    members_before = Membership.objects.filter(status="member").count()
    confirmed = run(partial, "T-A", "--full-extract", "--confirm-lapsed")
    assert confirmed["lapsed"] == missing_members
    assert Membership.objects.filter(status="member").count() == members_before - missing_members
    assert Entry.objects.filter(action="people.membership.lapsed").exists()
    # Members are only proposed when they were members: running again proposes none.
    assert run(partial, "T-A", "--full-extract")["lapsed"] == 0
    assert expected.accepted == Person.objects.count()


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(tmp_path, branch_a):
    path = tmp_path / "extract.csv"
    expected = write_csv(path, 100)
    before = Entry.objects.count()
    result = run(path, "T-A", "--dry-run")
    assert result["created"] == expected.accepted and result["dry_run"] is True
    # Recorded as a dry run: its rejected rows are kept (and purged) like any import's.
    assert Person.objects.count() == 0 and ImportRun.objects.get().dry_run is True
    assert Entry.objects.count() == before
    assert Path(result["rejected_file"]).exists()


@pytest.mark.django_db
def test_it_records_the_run_and_audits_each_batch(tmp_path, branch_a):
    path = tmp_path / "extract.csv"
    write_csv(path, 100)
    result = run(path)
    run_row = ImportRun.objects.get()
    assert run_row.counts["created"] == result["created"] and run_row.status == "done"
    assert run_row.job is not None and run_row.job.status == "done"
    batch = Entry.objects.get(action="people.import.batch")
    assert len(batch.data["created"]) == result["created"] and batch.branch_id == branch_a.pk
    assert Entry.objects.filter(action="people.import.completed", branch=branch_a).exists()
    # A branch-sized file also gets one row per person created.
    imported = Entry.objects.filter(action="people.person.imported")
    assert imported.count() == result["created"]
    assert set(imported.values_list("subject_id", flat=True)) == {
        str(pk) for pk in Person.objects.values_list("pk", flat=True)
    }


@pytest.mark.django_db
def test_it_uses_a_saved_profile(tmp_path, branch_a):
    path = tmp_path / "odd.csv"
    path.write_text("Ref,Who,Where\nABC12345,Synthetic One,Oakwood\n", encoding="utf-8")
    MappingProfile.objects.create(
        kind="people",
        name="odd system",
        mapping={"membership_number": "Ref", "full_name": "Who", "workplace": "Where"},
    )
    result = run(path, "T-A", "--profile", "odd system")
    assert result["accepted"] == 1
    assert Person.objects.get().workplace_text == "Oakwood"


@pytest.mark.django_db
def test_it_keys_on_a_declared_external_id(tmp_path, branch_a):
    path = tmp_path / "contacts.csv"
    path.write_text("Contact ID,Name,Mobile\nC-1,Synthetic One,07700900001\n", encoding="utf-8")
    assert run(path)["created"] == 1
    assert run(path)["unchanged"] == 1
    person = Person.objects.get()
    assert person.external_id == "C-1" and person.phone == "+447700900001"


@pytest.mark.django_db
def test_it_refuses_unreadable_files_and_unknown_branches(tmp_path, branch_a):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(CommandError, match="Cannot import"):
        run(path)
    ok = tmp_path / "ok.csv"
    write_csv(ok, 5)
    with pytest.raises(CommandError, match="No branch"):
        run(ok, "NOPE")
    with pytest.raises(CommandError, match="needs --full-extract"):
        run(ok, "T-A", "--confirm-lapsed")
    assert Person.objects.count() == 0
