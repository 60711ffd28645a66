"""Succession: a home re-registered under a new CQC id (issue 16)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from commonground.accounts.models import WorkplaceAssignment
from commonground.audit.models import Entry
from commonground.people.models import Membership, Person, WorkplaceRole
from commonground.register.importers import import_register
from commonground.register.models import Location
from commonground.register.succession import (
    chain,
    current_registration,
    current_registrations,
)
from commonground.register.tests.conftest import HSCA_HEADER
from commonground.testing import make_location, make_provider

pytestmark = pytest.mark.django_db


def api_line(location_id: str, name: str, **extra: str) -> str:
    import json

    record: dict[str, Any] = {
        "locationId": location_id,
        "providerId": extra.pop("providerId", "1-800000001"),
        "name": name,
        "type": "Social Care Org",
        "careHome": "Y",
        "localAuthority": "Bolton",
        "postalCode": "BL1 4AA",
        "postalAddressLine1": "1 High Street",
        "registrationStatus": extra.pop("status", "Registered"),
        "registrationDate": extra.pop("start", "2015-01-01"),
        "gacServiceTypes": [
            {"name": "Residential homes", "description": "Care home service without nursing"}
        ],
        "relationships": [],
    }
    if "end" in extra:
        record["deregistrationDate"] = extra.pop("end")
    if "predecessor" in extra:
        record["relationships"].append(
            {"type": "HSCA Predecessor", "relatedLocationId": extra.pop("predecessor")}
        )
    if "successor" in extra:
        record["relationships"].append(
            {"type": "HSCA Successor", "relatedLocationId": extra.pop("successor")}
        )
    return json.dumps(record) + "\n"


def test_api_relationships_chain_registrations_and_carry_people_over(
    tmp_path: Path, region, council_a, branch_a, rep_at_workplace_x
):
    old_file = tmp_path / "cqc_api_bolton_2024-01-01.jsonl"
    old_file.write_text(api_line("1-100000001", "Rose House", start="2012-05-01"))
    import_register([old_file])
    old = Location.objects.get(cqc_id="1-100000001")
    person = Person.objects.create(branch=branch_a, full_name="Synthetic Rose Worker", location=old)
    Membership.objects.create(person=person, branch=branch_a, number="SU0001", status="member")
    WorkplaceRole.objects.create(person=person, location=old, role="rep")
    WorkplaceAssignment.objects.create(user=rep_at_workplace_x, location=old)

    new_file = tmp_path / "cqc_api_bolton_2025-03-01.jsonl"
    new_file.write_text(
        api_line(
            "1-100000001",
            "Rose House",
            start="2012-05-01",
            status="Deregistered",
            end="2024-06-30",
            successor="1-200000002",
        )
        + api_line(
            "1-200000002",
            "Rose House",
            start="2024-07-01",
            predecessor="1-100000001",
            providerId="1-800000002",
        )
    )
    summary = import_register([new_file])

    new = Location.objects.get(cqc_id="1-200000002")
    assert current_registration(old) == new and current_registration(new) == new
    assert current_registrations([old.pk, new.pk]) == {old.pk: new.pk, new.pk: new.pk}
    person.refresh_from_db()
    assert person.location == new
    assert WorkplaceRole.objects.get(person=person).location == new
    assert WorkplaceAssignment.objects.filter(user=rep_at_workplace_x, location=new).exists()
    assert not WorkplaceAssignment.objects.filter(location=old).exists()
    entry = Entry.objects.get(action="register.location.carried_over")
    assert entry.data["from"] == "1-100000001" and entry.data["people"] == 1
    assert entry.data["person_ids"] == [person.pk]
    assert summary.links == 1
    rows = chain(old)
    assert [r["location"].cqc_id for r in rows] == ["1-100000001", "1-200000002"]
    assert rows[1]["current"] and rows[1]["from_cqc"]


def test_files_chain_the_same_home_by_address_name_and_dates(tmp_path: Path, region, council_a):
    def hsca(name: str, rows: str) -> Path:
        path = tmp_path / name
        path.write_text(HSCA_HEADER + rows, encoding="utf-8")
        return path

    row = "{id},{start},Y,Oak Lodge,30,North West,Bolton,1 High Street,Town,BL1 4AA,53.58,-2.43,,Y,E08000001\n"
    import_register(
        [
            hsca(
                "HSCA_Active_Locations_2024-01-01.csv",
                row.format(id="1-300000001", start="2010-01-01"),
            )
        ]
    )
    # The next month's full file: the old id is gone, a new one at the same address.
    import_register(
        [
            hsca(
                "HSCA_Active_Locations_2024-09-01.csv",
                row.format(id="1-300000002", start="2024-08-01"),
            )
        ],
        full=True,
    )
    old = Location.objects.get(cqc_id="1-300000001")
    new = Location.objects.get(cqc_id="1-300000002")
    assert old.not_in_latest_file
    assert current_registration(old) == new
    rows = chain(new)
    assert [r["this"] for r in rows] == [False, True] and not rows[1]["from_cqc"]
    # Another home of the same name elsewhere is never chained.
    import_register(
        [
            hsca(
                "HSCA_Active_Locations_2024-10-01.csv",
                row.format(id="1-300000003", start="2024-09-15").replace("BL1 4AA", "BL2 9ZZ"),
            )
        ]
    )
    assert current_registration(old) == new


def test_the_location_page_shows_the_chain_and_offers_the_carry_over(
    client, regional_organiser, viewer, council_a, branch_a
):
    provider = make_provider("Old Owner Care Ltd")
    old = make_location(
        council_a,
        "Elm Court",
        provider=provider,
        registration_status="deregistered",
        registration_date=date(2011, 1, 1),
        deregistration_date=date(2023, 3, 31),
    )
    new = make_location(council_a, "Elm Court", registration_date=date(2023, 4, 1))
    new.predecessors.add(old)
    person = Person.objects.create(branch=branch_a, full_name="Synthetic Elm Worker", location=old)
    client.force_login(regional_organiser)
    page = client.get(reverse("register:location-detail", args=[old.cqc_id])).content.decode()
    assert "Registration history" in page and "current registration" in page
    assert reverse("register:location-detail", args=[new.cqc_id]) in page
    assert "Move people and reps to the current registration" in page
    url = reverse("people:location-carry-over", args=[old.cqc_id])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.location == new
    assert Entry.objects.filter(action="register.location.carried_over").count() == 1
    client.force_login(viewer)
    assert (
        "Move people and reps"
        not in client.get(reverse("register:location-detail", args=[old.cqc_id])).content.decode()
    )
    assert client.post(url).status_code == 403
