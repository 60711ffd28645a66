from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from commonground.linkage.models import ReviewItem
from commonground.people.models import Person

from .conftest import make_person

pytestmark = pytest.mark.django_db


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_it_matches_a_file_without_storing_people(small_register: Any, tmp_path: Path) -> None:
    from commonground.people.models import Person

    src = _write(
        tmp_path / "members.csv",
        [
            ["id", "employer", "workplace", "postcode", "job_title"],
            ["m1", "", "Synthetic Hollins Park Care Home", "BL1 4AA", "Carer"],
            ["m2", "Tesco", "Tesco Extra", "", ""],
            ["m3", "", "The Willows", "", ""],
        ],
    )
    out = tmp_path / "matches.csv"
    call_command("match", input=str(src), output=str(out), quiet=True)
    lines = out.read_text().splitlines()
    assert lines[0] == "id,location_id,provider_id,score,decision"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert rows["m1"]["decision"] == "auto"
    assert rows["m1"]["location_id"] == "1-100000001"
    assert rows["m1"]["provider_id"] == "1-900000001"
    assert rows["m2"] == {**rows["m2"], "decision": "none", "location_id": ""}
    assert rows["m3"]["decision"] in ("review", "none") and rows["m3"]["location_id"] == ""
    assert Person.objects.count() == 0


def test_the_registers_service_type_reaches_the_matcher(
    small_register: Any, council_b: Any, tmp_path: Path
) -> None:
    from commonground.testing import make_location

    make_location(
        council_b,
        "Bluebird Liverpool",
        postcode="L2 2AA",
        cqc_id="1-100000009",
        primary_service_type="home_care",
        service_types_text="|home_care|",
    )
    src = _write(
        tmp_path / "members.csv",
        [
            ["id", "employer", "workplace", "postcode"],
            # Mersey Quayside Lodge's name says nothing of its type; the register does.
            ["m1", "", "Care Home", "L1 8JQ"],
            ["m2", "", "Care Home", "L2 2AA"],
            ["m3", "", "Home Care", "L2 2AA"],
        ],
    )
    out = tmp_path / "matches.csv"
    call_command("match", input=str(src), output=str(out), quiet=True)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert (rows["m1"]["decision"], rows["m1"]["location_id"]) == ("auto", "1-100000005")
    assert rows["m2"]["decision"] == "review"
    assert (rows["m3"]["decision"], rows["m3"]["location_id"]) == ("auto", "1-100000009")


def test_it_reads_files_as_the_importer_does(small_register: Any, tmp_path: Path) -> None:
    # Windows-1252 (an é), semicolons and upper-case headers, as Excel saves them.
    src = tmp_path / "members.csv"
    src.write_bytes(
        "ID;Employer;Workplace;Postcode\r\nm1;;Synthetic Hollins Park Caf\xe9;BL1 4AA\r\n"
        "\r\nm2;;Tesco;\r\n".encode("cp1252")
    )
    out = tmp_path / "matches.csv"
    call_command("match", input=str(src), output=str(out), quiet=True)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert list(rows) == ["m1", "m2"]
    assert (rows["m1"]["decision"], rows["m1"]["location_id"]) == ("auto", "1-100000001")
    assert rows["m2"]["decision"] == "none"


def test_it_says_why_it_cannot_read_a_file(db: Any, tmp_path: Path) -> None:
    src = tmp_path / "members.csv"
    src.write_bytes(b"")
    with pytest.raises(CommandError, match="the file is empty"):
        call_command("match", input=str(src), output=str(tmp_path / "o.csv"))


def test_it_names_missing_and_found_columns(small_register: Any, tmp_path: Path) -> None:
    src = _write(tmp_path / "bad.csv", [["id", "Employer", "workplace_name"], ["1", "x", "y"]])
    with pytest.raises(CommandError) as exc:
        call_command("match", input=str(src), output=str(tmp_path / "o.csv"))
    message = str(exc.value)
    assert "workplace, postcode" in message
    assert "Columns found: id, Employer, workplace_name" in message


def test_it_links_people_and_prints_json_counts(small_register: Any, branch_a: Any) -> None:
    make_person(branch_a, "Synthetic Hollins Park Care Home", postcode="BL1 4AA")
    make_person(branch_a, "", employer="Bolton Council")
    out = io.StringIO()
    call_command("link", branch="T-A", json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["branch"] == "T-A"
    assert (data["people"], data["auto"], data["none"]) == (2, 1, 1)


def _link_outcomes() -> dict[int, tuple[Any, ...]]:
    """Each person's link and review item, as a run of ``link`` left them."""
    review = {
        r[0]: r[1:]
        for r in ReviewItem.objects.values_list(
            "person_id", "status", "best_score", "reason", "candidates"
        )
    }
    return {
        pk: (loc, prov, method, review.get(pk))
        for pk, loc, prov, method in Person.objects.values_list(
            "pk", "location_id", "provider_id", "link_method"
        )
    }


def test_link_with_two_workers_links_as_one_does(small_register: Any, branch_a: Any) -> None:
    # `link` takes match's parallel path: forked workers must decide every person as one
    # process does, links and review items alike.
    texts = [
        ("", "Synthetic Hollins Park Care Home", "BL1 4AA"),
        ("Synthetic Amberwell Care Group Ltd", "Heathfield Hse", "BL2"),
        ("", "willows nursing home", "BL3 1AB"),
        ("Tesco", "Tesco Extra", ""),
        ("", "Willows", ""),
        ("", "N/A", "BL1 4AA"),
    ]
    for i in range(60):
        employer, workplace, postcode = texts[i % len(texts)]
        make_person(branch_a, workplace, employer=employer, postcode=postcode)
    runs = []
    for workers in (1, 2):
        out = io.StringIO()
        call_command("link", branch="T-A", json=True, workers=workers, parallel_min=10, stdout=out)
        runs.append((json.loads(out.getvalue()), _link_outcomes()))
        # Undo the run, so that the next starts where this one did.
        Person.objects.update(location=None, provider=None, link_method="")
        ReviewItem.objects.all().delete()
    (counts_one, one), (counts_two, two) = runs
    assert counts_one == counts_two
    assert one == two
    assert counts_one["people"] == 60
    assert counts_one["auto"] > 0 and counts_one["review"] + counts_one["none"] > 0


def test_it_refuses_an_unknown_branch(db: Any) -> None:
    with pytest.raises(CommandError, match="No branch"):
        call_command("link", branch="NOPE")


def test_it_matches_in_forked_workers_with_the_same_output(
    small_register: Any, tmp_path: Path
) -> None:
    texts = [
        ("", "Synthetic Hollins Park Care Home", "BL1 4AA"),
        ("Amberwell", "Heathfield Hse", "BL2"),
        ("", "The Willows", "L18 2CD"),
        ("", "willows nursing home", "BL3 1AB"),
        ("Tesco", "Tesco Extra", ""),
        ("", "Mersey Quayside", "L1"),
        ("Synthetic Amberwell Care Group Ltd", "", ""),
        ("", "N/A", "BL1 4AA"),
        ("", "", ""),
        ("", "=cmd|' /C calc'!A0", ""),
    ]
    rows = [["id", "employer", "workplace", "postcode"]]
    rows += [[f"m{i}", *texts[(i * 7) % len(texts)]] for i in range(250)]
    src = _write(tmp_path / "members.csv", rows)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    call_command("match", input=str(src), output=str(one), quiet=True, workers=1)
    call_command("match", input=str(src), output=str(two), quiet=True, workers=2, parallel_min=10)
    assert one.read_bytes() == two.read_bytes()
    assert one.read_text().count("\n") == 251
    assert "auto" in one.read_text() and "none" in one.read_text()


def test_it_refuses_fewer_than_one_worker(small_register: Any, tmp_path: Path) -> None:
    src = _write(tmp_path / "m.csv", [["id", "employer", "workplace", "postcode"]])
    with pytest.raises(CommandError, match="--workers"):
        call_command("match", input=str(src), output=str(tmp_path / "o.csv"), workers=0)
