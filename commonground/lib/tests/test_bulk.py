"""``lib.bulk.update_rows``: each row's own values, nulls, dates and text, in one statement."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commonground.accounts.models import Branch
from commonground.lib.bulk import update_rows
from commonground.people.models import Person
from commonground.register.models import Location


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
