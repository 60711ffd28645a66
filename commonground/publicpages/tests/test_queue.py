"""The intake queue: a public POST writes one row; ``process_submissions`` files the waiting
rows in batches (dedupe, linkage, routing, contacts, consent) and a failing row waits, with its
error, to be tried again. The POST and the batch are counted in queries (bench/public_form.py
measures the time)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.lib import datacache
from commonground.people.models import Membership, MembershipStatus, Person
from commonground.publicpages.actions import MAX_ATTEMPTS, PROCESS_DELAY, process_submissions
from commonground.publicpages.models import Submission
from commonground.publicpages.tests.conftest import form_data
from commonground.testing import make_location

QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queued() -> Any:
    """Submissions wait for a worker (the production backend defers; no worker runs here)."""
    with override_settings(TASKS=QUEUED):
        yield


def send(client: Any, page: Any, n: int, **values: Any) -> int:
    data = form_data(
        page,
        name=f"Synthetic Worker {n}",
        email=f"worker{n}@example.invalid",
        phone=f"07700 90{n:04d}",
        workplace="Synthetic Hallgate Court",
        consent="on",
    )
    data.update(values)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("public:page", args=[page.slug]), data).status_code == 302
    return len(queries)


def test_the_post_writes_one_row_and_the_queue_files_it(
    client, queued, join_page, council_b, branch_b, branch_organiser_a
):
    home = make_location(council_b, "Synthetic Hallgate Court", town="Liverpool")
    queries = send(client, join_page, 1)
    s = Submission.objects.get()
    # Waiting: nothing linked or created yet, the details held for the worker.
    assert s.waiting and s.person is None and not Person.objects.exists()
    assert s.intake["email"] == "worker1@example.invalid" and s.consent
    assert s.consent_wording == join_page.consent_wording and s.consent_version == 1
    # Page, questions, the rate limiter's three counters, the insert: no dedupe, no linkage.
    assert queries <= 8, queries
    client.force_login(branch_organiser_a)
    html = client.get(reverse("pages:submission-list")).content.decode()
    assert "Being processed" in html and "worker1@" not in html
    assert process_submissions() == {"processed": 1, "failed": 0}
    s.refresh_from_db()
    assert not s.waiting and s.intake == {} and s.error == ""
    assert (s.link_decision, s.location, s.branch) == ("auto", home, branch_b)
    assert s.person is not None and s.person.location == home and s.person.branch == branch_b
    assert s.person.consents.filter(current=True).count() == 3
    assert process_submissions() == {"processed": 0, "failed": 0}


@override_settings(COMMONGROUND_CACHE_SECONDS=300)
def test_a_batch_costs_the_same_queries_however_many_it_files(client, queued, join_page, council_b):
    datacache.bump("register", "branches")
    make_location(council_b, "Synthetic Hallgate Court", town="Liverpool")
    send(client, join_page, 0)
    process_submissions()  # warm: the register and the branch map
    counted = []
    for first, last in ((1, 10), (11, 40)):
        for n in range(first, last + 1):
            workplace = "Synthetic Hallgate Court" if n % 2 else "nowhere"
            send(client, join_page, n, workplace=workplace)
        with CaptureQueriesContext(connection) as queries:
            assert process_submissions() == {"processed": last - first + 1, "failed": 0}
        counted.append(len(queries))
    # Every write is per batch (dedupe, locations, contacts, consents, the half linked by
    # the engine in one update, review items, submissions, audit chain): 30 rows cost what
    # 10 do, give or take an insert that SQLite splits for its limit on parameters. Filing
    # them one at a time cost about 15 each; a link update each (with its savepoint), 3 more.
    assert counted[1] <= counted[0] + 3 and counted[1] <= 40, counted
    assert Person.objects.count() == 41
    assert Person.objects.filter(link_method="auto").count() == 21
    linked = Person.objects.filter(link_method="auto").first()
    assert linked is not None and linked.location is not None and linked.link_score


def test_two_submissions_in_one_batch_with_the_same_email_make_one_contact(
    client, queued, join_page
):
    send(client, join_page, 1, phone="")
    send(client, join_page, 2, email="worker1@example.invalid", phone="07700 900002")
    process_submissions()
    person = Person.objects.get()
    assert person.phone == "+447700900002"  # the second filled in what the first lacked
    first, second = Submission.objects.order_by("pk")
    assert (first.person, first.contact_outcome) == (person, "created")
    assert (second.person, second.contact_outcome) == (person, "updated")
    assert person.consents.filter(current=True).count() == 3


def test_a_batch_updates_existing_members_and_routes_new_contacts(
    client, queued, join_page, branch_a, branch_b, council_b
):
    member = Person.objects.create(
        branch=branch_b, full_name="Synthetic Kofi Mensah", email="kofi@example.invalid"
    )
    Membership.objects.create(person=member, branch=branch_b, status=MembershipStatus.MEMBER)
    home = make_location(council_b, "Synthetic Anfield View", town="Liverpool")
    send(client, join_page, 1, email="KOFI@example.invalid", workplace="x")
    send(client, join_page, 2, workplace="Synthetic Anfield View", workplace_id=home.pk)
    send(client, join_page, 3, workplace="Synthetic Nowhere Special")
    process_submissions()
    kofi, picked, unknown = Submission.objects.order_by("pk")
    assert (kofi.person, kofi.contact_outcome, kofi.branch) == (member, "updated", branch_b)
    assert Person.objects.filter(email="kofi@example.invalid").count() == 1
    assert picked.person is not None and picked.person.branch == branch_b
    assert (picked.link_decision, picked.branch) == ("picked", branch_b)
    assert (unknown.branch, unknown.link_decision) == (branch_a, "none")  # the page's own


def test_a_failing_row_waits_with_its_error_and_does_not_block_the_batch(client, queued, join_page):
    for n in range(1, 4):
        send(client, join_page, n)
    bad = Submission.objects.order_by("pk")[1]
    # Consent ticked but no wording kept: outreach's rule refuses to record such a consent.
    Submission.objects.filter(pk=bad.pk).update(consent_wording="")
    assert process_submissions() == {"processed": 2, "failed": 1}
    bad.refresh_from_db()
    assert bad.waiting and bad.attempts == 1 and "wording" in bad.error
    assert bad.intake["email"] == "worker2@example.invalid"  # nothing lost
    assert set(Person.objects.values_list("email", flat=True)) == {
        "worker1@example.invalid",
        "worker3@example.invalid",
    }
    # Tried again on the next run; once the cause is mended it is filed.
    assert process_submissions() == {"processed": 0, "failed": 1}
    Submission.objects.filter(pk=bad.pk).update(consent_wording="The union may contact me.")
    assert process_submissions() == {"processed": 1, "failed": 0}
    bad.refresh_from_db()
    assert not bad.waiting and bad.error == "" and bad.person is not None
    # A row that keeps failing is left for an operator after MAX_ATTEMPTS.
    send(client, join_page, 9)
    Submission.objects.filter(intake__email="worker9@example.invalid").update(
        consent_wording="", attempts=MAX_ATTEMPTS
    )
    assert process_submissions() == {"processed": 0, "failed": 0}


def test_a_waiting_submission_is_in_the_senders_subject_access_and_goes_with_erasure(
    client, queued, join_page, branch_a, admin
):
    from commonground.people.actions import erase_person
    from commonground.people.subject_access import collect

    member = Person.objects.create(
        branch=branch_a, full_name="Synthetic Worker 7", email="Worker7@example.invalid"
    )
    send(client, join_page, 7)
    send(client, join_page, 8)  # someone else's
    waiting = Submission.objects.get(intake__email="worker7@example.invalid")
    assert waiting.waiting and waiting.person is None
    held = collect(member)["public_page_answers"]
    assert [row["as_sent"]["email"] for row in held] == ["worker7@example.invalid"]
    erase_person(admin, member)
    assert not Submission.objects.filter(pk=waiting.pk).exists()
    assert Submission.objects.filter(intake__email="worker8@example.invalid").exists()


def test_a_waiting_submission_is_found_by_the_mobile_however_either_side_typed_it(
    client, queued, join_page, branch_a, admin
):
    from commonground.people.actions import erase_person
    from commonground.people.subject_access import collect

    # The person's number as someone typed it; the form stored the sender's as +44…
    member = Person.objects.create(
        branch=branch_a, full_name="Synthetic Worker 5", phone="07700 900005"
    )
    send(client, join_page, 5, email="", phone="+44 (0)7700 900005")
    send(client, join_page, 6, email="")
    # An older row kept the number as typed; the person's is stored normalised.
    other = Person.objects.create(branch=branch_a, full_name="Other", phone="+447700900006")
    Submission.objects.filter(intake__phone="+447700900006").update(
        intake={"name": "Other", "email": "", "phone": "0044 7700-900006", "location": None}
    )
    send(client, join_page, 7, email="")  # someone else's
    assert Submission.objects.get(intake__phone="+447700900005").waiting
    held = collect(member)["public_page_answers"]
    assert [row["as_sent"]["phone"] for row in held] == ["+447700900005"]
    assert [row["as_sent"]["phone"] for row in collect(other)["public_page_answers"]] == [
        "0044 7700-900006"
    ]
    erase_person(admin, member)
    erase_person(admin, other)
    assert list(Submission.objects.values_list("intake__phone", flat=True)) == ["+447700900007"]


def _fail_until_left(bad: Submission) -> None:
    """Run the worker until ``bad`` has used its tries (it is the one row that fails)."""
    for _ in range(MAX_ATTEMPTS):
        process_submissions()
    bad.refresh_from_db()
    assert bad.could_not_be_filed and bad.attempts == MAX_ATTEMPTS


def test_a_submission_that_could_not_be_filed_is_shown_and_retried_by_its_branch(
    client,
    queued,
    join_page,
    admin,
    branch_organiser_a,
    outsider_branch_b,
    viewer,
    django_capture_on_commit_callbacks,
):
    send(client, join_page, 1)
    send(client, join_page, 2)
    bad = Submission.objects.order_by("pk")[1]
    Submission.objects.filter(pk=bad.pk).update(consent_wording="")  # outreach refuses it
    _fail_until_left(bad)
    assert process_submissions() == {"processed": 0, "failed": 0}  # the worker leaves it
    queue = reverse("pages:submission-list")
    retry = reverse("pages:submission-retry", args=[bad.pk])

    client.force_login(branch_organiser_a)
    html = client.get(queue).content.decode()
    assert "1 answer could not be filed after several tries." in html
    failed = client.get(queue, {"filing": "failed"}).content.decode()
    assert f'data-testid="submission-{bad.pk}"' in failed
    assert "submission-" + str(bad.pk - 1) not in failed  # the filed one is not in this view
    assert "Could not be filed" in failed and "Tried 5 times." in failed
    assert "Record the wording the person agreed to." in failed  # the reason, in words
    assert "Traceback" not in failed and "worker2@" not in failed
    assert retry in failed
    waiting = client.get(queue, {"filing": "waiting"}).content.decode()
    assert f'data-testid="submission-{bad.pk}"' not in waiting
    detail = client.get(reverse("pages:submission-detail", args=[bad.pk])).content.decode()
    assert "Record the wording the person agreed to." in detail and retry in detail

    # Outside the branch: 404; without change_people: 403; a GET: 405. Nothing changes.
    client.force_login(outsider_branch_b)
    assert client.get(queue, {"filing": "failed"}).content.decode().count("queue-item") == 0
    assert client.post(retry).status_code == 404
    client.force_login(viewer)
    assert client.post(retry).status_code == 403
    client.force_login(branch_organiser_a)
    assert client.get(retry).status_code == 405
    bad.refresh_from_db()
    assert bad.attempts == MAX_ATTEMPTS
    assert not Entry.objects.filter(action="publicpages.submission.retried").exists()

    # Retried before the cause is mended: one more try, and it is left again.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry)
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:submission-detail", args=[bad.pk])
    bad.refresh_from_db()
    assert bad.waiting and not bad.could_not_be_filed  # back in the worker's hands
    shown = client.get(response["Location"]).content.decode()
    assert "Sent to be filed again." in shown and "Not filed yet: it will be tried again" in shown
    assert process_submissions() == {"processed": 0, "failed": 1}
    bad.refresh_from_db()
    assert bad.could_not_be_filed and bad.attempts == MAX_ATTEMPTS
    entry = Entry.objects.get(action="publicpages.submission.retried")
    assert entry.actor == branch_organiser_a and entry.subject_id == str(bad.pk)
    assert entry.data["attempts"] == MAX_ATTEMPTS and "wording" in entry.data["reason"]

    # Mended, and retried: filed, out of the "could not be filed" list.
    Submission.objects.filter(pk=bad.pk).update(consent_wording="The union may contact me.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry)
    assert process_submissions() == {"processed": 1, "failed": 0}
    bad.refresh_from_db()
    assert not bad.waiting and bad.person is not None and bad.reason == "" and bad.error == ""
    assert "could not be filed" not in client.get(queue).content.decode()
    assert client.get(queue, {"filing": "failed"}).content.decode().count("queue-item") == 0
    # A filed submission is not retried: refused in words, nothing written.
    response = client.post(retry, follow=True)
    assert "This answer is not waiting to be tried again." in response.content.decode()
    assert Entry.objects.filter(action="publicpages.submission.retried").count() == 2


def test_an_unexpected_failure_is_said_plainly_without_its_traceback(
    client, queued, join_page, admin
):
    send(client, join_page, 1)
    bad = Submission.objects.get()
    # A row the worker cannot read (its picked workplace is not a number): no rule's words.
    Submission.objects.filter(pk=bad.pk).update(intake={**bad.intake, "location": "x"})
    _fail_until_left(bad)
    assert bad.reason == "" and bad.error
    client.force_login(admin)
    html = client.get(reverse("pages:submission-detail", args=[bad.pk])).content.decode()
    assert "Something unexpected stopped it" in html and "Traceback" not in html


@pytest.mark.django_db(transaction=True)  # the retry's task runs as its transaction commits
def test_where_tasks_run_at_once_a_retry_says_how_it_went(client, join_page, branch_organiser_a):
    send(client, join_page, 1)
    bad = Submission.objects.get()
    Submission.objects.filter(pk=bad.pk).update(
        processed_at=None, person=None, consent_wording="", intake={"email": "w1@example.invalid"}
    )
    _fail_until_left(bad)
    retry = reverse("pages:submission-retry", args=[bad.pk])
    client.force_login(branch_organiser_a)
    page = client.post(retry, follow=True).content.decode()
    assert "Tried again, and it still could not be filed." in page
    Submission.objects.filter(pk=bad.pk).update(consent_wording="The union may contact me.")
    page = client.post(retry, follow=True).content.decode()
    assert "Filed." in page
    bad.refresh_from_db()
    assert not bad.waiting and bad.person is not None


# Committed for real: the worker closes its database connection between tasks.
@pytest.mark.django_db(transaction=True)
def test_a_burst_asks_for_runs_on_the_clocks_half_seconds_and_the_worker_files_it(
    client, join_page
):
    """Every process asks for its runs at the same moments (the half-seconds of the clock),
    so several gunicorn processes' submissions are filed together, not a handful per run."""
    import time

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    backend = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    with override_settings(TASKS={"default": backend}):
        sent = time.time()
        for n in range(1, 5):
            send(client, join_page, n)
        runs = list(DBTaskResult.objects.filter(status="READY").values_list("run_after", flat=True))
        assert 1 <= len(runs) <= 2, runs  # one, or two across a half-second
        for run_after in runs:
            assert run_after is not None
            assert run_after.timestamp() * 2 == int(run_after.timestamp() * 2)
            assert run_after.timestamp() >= sent + 0.25  # after the POST has committed
        assert Submission.objects.filter(processed_at__isnull=True).count() == 4
        time.sleep(max(0.0, max(r.timestamp() for r in runs) - time.time()) + 0.05)
        call_command("worker", "--batch", "--interval", "0")
    assert Submission.objects.filter(processed_at__isnull=True).count() == 0
    assert Person.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_process_asks_for_no_run_that_another_process_has_asked_for(
    client, join_page, monkeypatch
):
    """The runs another gunicorn process asked for (for the next three half-seconds, so the
    clock may turn between the POSTs) cover what this one takes: it asks for no run of its own, and the
    worker files everything at those moments."""
    import datetime
    import math
    import time

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from commonground.publicpages.tasks import process_submissions_task

    # This test process has asked for no run yet (as another gunicorn process would not).
    monkeypatch.setattr("commonground.publicpages.actions.submissions._scheduled_for", 0.0)
    backend = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    with override_settings(TASKS={"default": backend}):
        moment = (math.floor(time.time() / PROCESS_DELAY + 0.5) + 1) * PROCESS_DELAY
        dues = [moment + n * PROCESS_DELAY for n in range(3)]
        for due in dues:
            process_submissions_task.using(
                run_after=datetime.datetime.fromtimestamp(due, tz=datetime.UTC)
            ).enqueue()
        for n in range(1, 3):
            send(client, join_page, n)
        assert DBTaskResult.objects.filter(status="READY").count() == 3
        assert Submission.objects.filter(processed_at__isnull=True).count() == 2
        time.sleep(max(0.0, dues[-1] - time.time()) + 0.05)
        call_command("worker", "--batch", "--interval", "0")
    assert Submission.objects.filter(processed_at__isnull=True).count() == 0
