"""``lib.bulk``: inserts with ids allocated up front, and updates of each row's own values in
one statement (instances or ``{attname: value}`` rows, keyed by any column)."""

from __future__ import annotations

import datetime
import sqlite3

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commonground.accounts.models import Branch
from commonground.lib.bulk import RowWriter, update_rows
from commonground.people.models import Membership, MembershipStatus, Person
from commonground.register.models import Location, Region


def test_it_writes_each_rows_own_values_in_one_statement(
    branch_a: Branch, workplace_x: Location
) -> None:
    people = [Person.objects.create(branch=branch_a, full_name=f"Synthetic {n}") for n in range(3)]
    other = Person.objects.create(branch=branch_a, full_name="Synthetic Untouched")
    when = timezone.now() - datetime.timedelta(days=2)
    people[0].location, people[0].link_method, people[0].link_score = workplace_x, "auto", 81.5
    people[1].location, people[1].link_method, people[1].link_score = None, 'it\'s "quoted"', None
    people[2].location, people[2].link_method, people[2].link_score = workplace_x, "", 0.0
    for person in people:
        person.updated = when
    fields = ["location", "link_method", "link_score", "updated"]
    with CaptureQueriesContext(connection) as queries:
        update_rows(Person, people, fields)
    assert len(queries) == 1
    got = {p.pk: p for p in Person.objects.all()}
    assert (got[people[0].pk].location, got[people[0].pk].link_score) == (workplace_x, 81.5)
    assert got[people[1].pk].location is None and got[people[1].pk].link_score is None
    assert got[people[1].pk].link_method == 'it\'s "quoted"'
    assert (got[people[2].pk].link_method, got[people[2].pk].link_score) == ("", 0.0)
    assert {got[p.pk].updated for p in people} == {when}
    assert got[other.pk].updated != when and got[other.pk].link_method == ""
    with CaptureQueriesContext(connection) as queries:
        update_rows(Person, [], fields)
    assert len(queries) == 0


def test_it_updates_rows_given_as_values_keyed_by_a_foreign_key(branch_a: Branch) -> None:
    people = [Person.objects.create(branch=branch_a, full_name=f"Synthetic {n}") for n in range(2)]
    for n, person in enumerate(people):
        Membership.objects.create(person=person, branch=branch_a, number=f"N{n}")
    RowWriter(Membership).update(
        [
            {"person_id": people[0].pk, "status": MembershipStatus.MEMBER, "joined": None},
            {
                "person_id": people[1].pk,
                "status": MembershipStatus.LAPSED,
                "joined": datetime.date(2019, 2, 28),
            },
        ],
        ["status", "joined"],
        "person_id",
    )
    got = {m.person_id: (m.status, m.joined, m.number) for m in Membership.objects.all()}
    assert got == {
        people[0].pk: (MembershipStatus.MEMBER, None, "N0"),
        people[1].pk: (MembershipStatus.LAPSED, datetime.date(2019, 2, 28), "N1"),
    }


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's limit is set per connection")
def test_an_update_keeps_inside_a_small_limit_of_parameters(branch_a: Branch) -> None:
    """SQLite's limit of parameters per statement is a compile-time option (999 in older
    builds): an update of many rows never needs more than a row's worth."""
    people = [Person.objects.create(branch=branch_a, full_name=f"Synthetic {n}") for n in range(30)]
    for n, person in enumerate(people):
        person.full_name, person.link_score = f"Renamed {n}", float(n)
    raw = connection.connection
    assert raw is not None
    limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 5)  # a row is id, name and score
    try:
        update_rows(Person, people, ["full_name", "link_score"])
    finally:
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
    got = dict(Person.objects.values_list("pk", "link_score"))
    assert [got[p.pk] for p in people] == [float(n) for n in range(30)]
    assert Person.objects.filter(full_name__startswith="Renamed").count() == 30


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps no text length")
def test_a_value_too_long_for_its_column_fails_rather_than_being_cut(branch_a: Branch) -> None:
    person = Person.objects.create(branch=branch_a, full_name="Synthetic Person")
    Membership.objects.create(person=person, branch=branch_a, number="1")
    with pytest.raises(DataError), transaction.atomic():
        RowWriter(Membership).update([{"person_id": person.pk, "number": "9" * 21}], ["number"])
    assert Membership.objects.get(person=person).number == "1"


def test_row_writer_never_reuses_the_id_of_a_deleted_row(region: Region) -> None:
    writer = RowWriter(Branch)
    first = Branch.objects.create(code="X1", name="x", region=region)
    deleted_pk = first.pk
    first.delete()
    ids = writer.allocate_ids(2)
    assert ids[0] > deleted_pk
    writer.insert(
        [{"id": ids[0], "code": "X2", "name": "y"}, {"id": ids[1], "code": "X3", "name": "z"}],
        ["id", "code", "name"],
        {"region_id": region.pk},
    )
    assert set(Branch.objects.values_list("code", flat=True)) == {"X2", "X3"}
    writer.update([{"id": ids[0], "name": "renamed"}], ["name"], "id")
    assert Branch.objects.get(pk=ids[0]).name == "renamed"
