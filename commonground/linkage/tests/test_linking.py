from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from commonground.accounts.models import User
from commonground.audit.models import Entry
from commonground.jobs.models import Job
from commonground.linkage.actions import accept_review_item, reject_review_item
from commonground.linkage.models import LinkAlias, ReviewItem, ReviewStatus
from commonground.linkage.parallel import ParallelStats
from commonground.linkage.services import link_people
from commonground.linkage.tasks import link_people_task
from commonground.people.models import Person
from commonground.testing import make_location

from .conftest import make_person

pytestmark = pytest.mark.django_db


def test_it_auto_links_a_clear_name_with_its_postcode(small_register: Any, branch_a: Any) -> None:
    person = make_person(branch_a, "Synthetic Hollins Park Care Home Ltd", postcode="BL1 4AA")
    counts = link_people()
    person.refresh_from_db()
    assert counts["auto"] == 1
    assert person.location == small_register["hollins"]
    assert person.provider == small_register["hollins"].provider
    assert person.link_method == "auto"
    assert Entry.objects.filter(action="people.person.linked", subject_id=str(person.pk)).exists()
    assert Entry.objects.filter(action="linkage.run.completed").exists()


def test_it_leaves_work_outside_the_register_unlinked(small_register: Any, branch_a: Any) -> None:
    person = make_person(branch_a, "", employer="Royal Bolton Hospital NHS Foundation Trust")
    counts = link_people()
    person.refresh_from_db()
    assert counts["none"] == 1
    assert person.location is None
    item = ReviewItem.objects.get(person=person)
    assert item.status == ReviewStatus.NONE


def test_it_queues_an_ambiguous_name_with_evidence(small_register: Any, branch_a: Any) -> None:
    person = make_person(branch_a, "The Willows")
    counts = link_people()
    assert counts["review"] + counts["none"] == 1
    item = ReviewItem.objects.get(person=person)
    names = {c["name"] for c in item.candidates}
    assert {"The Willows Nursing Home", "The Willows Residential Home"} <= names
    assert all(c["reasons"] for c in item.candidates)


def test_it_remembers_a_confirmation_so_the_second_run_auto_links(
    small_register: Any, branch_a: Any, branch_organiser_a: User
) -> None:
    first = make_person(branch_a, "The Willows", postcode="BL9 9ZZ")
    item = ReviewItem.objects.create(
        person=first, branch=branch_a, workplace_text="The Willows", postcode="BL9 9ZZ"
    )
    accept_review_item(branch_organiser_a, item, location=small_register["willows_a"])
    first.refresh_from_db()
    assert first.location == small_register["willows_a"]
    assert first.link_method == "confirmed"
    alias = LinkAlias.objects.get()
    assert (alias.key, alias.district, alias.location) == (
        "willows",
        "BL9",
        small_register["willows_a"],
    )
    assert Entry.objects.filter(action="linkage.alias.created", actor=branch_organiser_a).exists()
    assert Entry.objects.filter(
        action="linkage.reviewitem.accepted", actor=branch_organiser_a
    ).exists()

    second = make_person(branch_a, "the willows.", postcode="BL9 2XY")
    counts = link_people()
    second.refresh_from_db()
    assert counts["by_alias"] == 1
    assert second.location == small_register["willows_a"]


def test_it_does_not_requeue_a_rejected_record(
    small_register: Any, branch_a: Any, branch_organiser_a: User
) -> None:
    person = make_person(branch_a, "The Willows")
    item = ReviewItem.objects.create(person=person, branch=branch_a, workplace_text="The Willows")
    reject_review_item(branch_organiser_a, item)
    assert Entry.objects.filter(action="linkage.reviewitem.rejected").exists()
    counts = link_people()
    assert counts["people"] == 0


def test_it_runs_as_a_task_after_an_import(small_register: Any, branch_a: Any) -> None:
    person = make_person(branch_a, "Mersey Quayside Lodge", postcode="L1 8JQ")
    link_people_task.enqueue(branch_a.pk)
    person.refresh_from_db()
    assert person.location == small_register["mersey"]
    job = Job.objects.get(kind="linkage")
    assert job.status == "done" and job.result["auto"] == 1


# Committed for real: the worker closes its database connection between tasks, as a separate
# process's would, which a test inside one open transaction cannot survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_in_production_the_task_waits_in_the_database_for_the_worker(
    small_register: Any, branch_a: Any
) -> None:
    """Production's task backend (the tests run tasks at once: tests/settings.py): queued
    work waits in the database until ``commonground worker`` runs it."""
    from django.core.management import call_command
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    person = make_person(branch_a, "Mersey Quayside Lodge", postcode="L1 8JQ")
    backend = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    with override_settings(TASKS={"default": backend}):
        link_people_task.enqueue(branch_a.pk)
        person.refresh_from_db()
        assert person.location is None
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        call_command("worker", "--batch", "--interval", "0")
    person.refresh_from_db()
    assert person.location == small_register["mersey"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_it_ignores_a_task_for_a_missing_branch_or_job(small_register: Any) -> None:
    result = link_people_task.enqueue(999_999, 888_888)
    assert result.return_value == {"skipped": "branch gone"}


def test_a_branchs_people_are_matched_against_their_own_regions_homes(
    small_register: Any, branch_a: Any
) -> None:
    from commonground.register.models import Council, Region

    far = Region.objects.create(name="Synthetic South (test)", slug="synthetic-south")
    surrey = Council.objects.create(ons_code="E07999999", name="Synthetic Surrey", region=far)
    make_location(surrey, "Synthetic Abbeywood Lodge", postcode="GU12 5AX", town="Aldershot")
    # The name exists only in another region; with no postcode nothing ties the member to it.
    person = make_person(branch_a, "Synthetic Abbeywood Lodge")
    counts = link_people()
    person.refresh_from_db()
    assert person.location is None and counts["auto"] == 0
    item = ReviewItem.objects.get(person=person)
    assert not any(c.get("name") == "Synthetic Abbeywood Lodge" for c in item.candidates)


def test_it_links_the_current_registration_of_a_home_registered_twice(
    council_a: Any, branch_a: Any
) -> None:
    # A new registration at the same address (a change of provider). The register's
    # start dates say which is current, whatever order the rows were imported in.
    newer = make_location(
        council_a,
        "Synthetic Sunrise of Frognal",
        postcode="BL1 9ZZ",
        registration_date=dt.date(2017, 8, 1),
    )
    make_location(
        council_a,
        "Synthetic Sunrise of Frognal",
        postcode="BL1 9ZZ",
        registration_date=dt.date(2016, 6, 30),
    )
    person = make_person(branch_a, "Synthetic Sunrise of Frognal")
    counts = link_people()
    person.refresh_from_db()
    assert counts["auto"] == 1
    assert person.location == newer


def test_link_matches_in_forked_workers_as_match_does(small_register: Any, branch_a: Any) -> None:
    # The same parallel path as `commonground match`: forked workers decide, this process
    # writes; the outcome is the same as matching in one process.
    people = [
        make_person(branch_a, "Synthetic Hollins Park Care Home Ltd", postcode="BL1 4AA"),
        make_person(branch_a, "", employer="Royal Bolton Hospital NHS Foundation Trust"),
        make_person(branch_a, "Hollins Pk"),
    ]
    stats = ParallelStats()
    counts = link_people(workers=2, parallel_min=1, stats=stats)
    assert stats.workers == 2
    assert counts["people"] == 3 and counts["auto"] + counts["review"] + counts["none"] == 3
    linked = {
        p.pk: (p.location_id, p.link_method)
        for p in Person.objects.filter(pk__in=[x.pk for x in people])
    }
    assert linked[people[0].pk] == (small_register["hollins"].pk, "auto")
    assert ReviewItem.objects.get(person=people[1]).status == ReviewStatus.NONE
