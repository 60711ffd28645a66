"""The public side of a page: :func:`receive_submission` takes a submission (one row) and
:func:`process_submissions` files waiting ones in batches from the worker: it links the
workplace (the register's engine, as an import does), routes the submission to the branch that
covers the workplace's council, creates or updates the contact through ``people.actions`` and
records consent and answers."""

from __future__ import annotations

import datetime
import logging
import math
import time
import traceback
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend

from commonground.accounts.models import Branch, User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import deferred, log_action
from commonground.lib import datacache
from commonground.lib.bulk import update_rows
from commonground.linkage.engine import Match, Query
from commonground.linkage.services import LinkOutcome, cached_register, link_people_now
from commonground.outreach.actions import ConsentGrant, record_consents_many
from commonground.outreach.models import Channel, ConsentSource
from commonground.people.actions import (
    PublicContact,
    WorkplaceLink,
    contacts_from_public_pages,
    link_people_to_locations,
)
from commonground.people.models import Person
from commonground.publicpages.access import submissions_visible_to
from commonground.publicpages.models import (
    MAX_ATTEMPTS,
    Answer,
    ContactOutcome,
    LinkDecision,
    Page,
    Submission,
    SubmissionStatus,
)
from commonground.publicpages.public_forms import Received
from commonground.register.models import Location, Provider, RegistrationStatus

logger = logging.getLogger(__name__)

# --- Submissions ---------------------------------------------------------------------------------


def _coverage(region_id: int) -> dict[int, list[Branch]]:
    """Council → the region's branches covering it, by code (kept per process: see route)."""
    covering: dict[int, list[Branch]] = {}
    for branch in Branch.objects.filter(region_id=region_id).prefetch_related("councils"):
        for council in branch.councils.all():
            covering.setdefault(council.pk, []).append(branch)
    for branches in covering.values():
        branches.sort(key=lambda b: b.code)
    return covering


def route(page: Page, council_id: int | None) -> Branch:
    """The branch that covers the workplace's council (the page's own when it does, else the
    first by code); the page's branch when the workplace or its council is unknown.

    Which branch covers which council changes rarely and every submission asks: the map is
    read once per region and kept for ``lib.datacache``'s lifetime (five minutes; off in
    tests), so routing costs no query."""
    if council_id is not None:
        covering = datacache.cached(
            "publicpages.coverage", page.region_id, ("branches",), lambda: _coverage(page.region_id)
        ).get(council_id, [])
        if any(b.pk == page.branch_id for b in covering):
            return page.branch
        if covering:
            return covering[0]
    return page.branch


def receive_submission(page: Page, received: Received, *, language: str) -> Submission:
    """Take a worker's submission to an open page (the public side; no user): one row, its
    answers, and processing scheduled (:func:`schedule_processing`).

    What the page showed is fixed now (the consent wording in ``language``, its version, the
    partner); the contact details wait in ``intake`` until :func:`process_submissions`
    links, routes and files them, and are then cleared: they live on the person.
    """
    if not page.is_open:
        raise ValidationError(_("This page is closed."))
    consent_text, _fell_back = page.text("consent_wording", language)
    consented = received.consent and bool(consent_text)
    submission = Submission(
        page=page,
        branch_id=page.branch_id,
        language=language,
        workplace_text=received.workplace_text,
        consent=consented,
        consent_wording=consent_text if consented else "",
        consent_version=page.consent_version if consented else 0,
        partner_id=page.partner_id,
        intake={
            "name": received.name,
            "email": received.email,
            "phone": received.phone,
            "location": received.location_id,
        },
    )
    if received.answers:
        with transaction.atomic():
            submission.save()
            Answer.objects.bulk_create(
                [
                    Answer(submission=submission, question=q, **value)
                    for q, value in received.answers
                ]
            )
    else:
        submission.save()
    if schedule_processing():
        submission.refresh_from_db()  # filed already (the immediate backend of tests)
    return submission


# Processing runs are due on the same moments in every process: every PROCESS_DELAY seconds
# of the clock. A process asks for a run at the first such moment at least half of that
# after a submission (committed by then), at most once per moment, and not when another
# process has asked for that moment's run already: a burst costs one task per moment, and
# that run files everything waiting. Unaligned, four gunicorn processes asked for about ten
# runs a second between them, and each run filed a handful; aligned, three of every four
# runs found nothing (docs/benchmarks.md). With a backend that cannot defer (the immediate
# one of tests) every submission runs it.
PROCESS_DELAY = 0.5
_scheduled_for = 0.0


def schedule_processing() -> bool:
    """Make sure a :func:`process_submissions` run comes after the submission just written;
    True when it has run already (a backend that runs tasks at once)."""
    global _scheduled_for
    from commonground.publicpages.tasks import process_submissions_task

    if not process_submissions_task.get_backend().supports_defer:
        result = process_submissions_task.enqueue()
        return result.is_finished
    run_at = (math.floor(time.time() / PROCESS_DELAY + 0.5) + 1) * PROCESS_DELAY
    if run_at == _scheduled_for:  # asked for already: it will see this submission
        return False
    due = datetime.datetime.fromtimestamp(run_at, tz=datetime.UTC)
    task = process_submissions_task.using(run_after=due)
    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend):
        _ask_unless_asked(task, backend, due)
    else:
        task.enqueue()
    _scheduled_for = run_at
    return False


# The advisory lock's key: any number of our own (PostgreSQL's keys are one bigint space).
SCHEDULING_LOCK = 0x5055_424C_4943  # "PUBLIC"


def _ask_unless_asked(
    task: Task[[], Any], backend: DatabaseBackend, due: datetime.datetime
) -> None:
    """Enqueue ``task`` unless another process has asked for this moment's run already: a
    task of the database backend waiting for the same moment, found by its index of waiting
    tasks (once per process and moment, not per submission). The processes reach a new
    moment together, so the look and the ask are one transaction, one process at a time
    (SQLite's transactions take the write lock at BEGIN; on PostgreSQL an advisory lock
    held to COMMIT): only the first asks."""
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEDULING_LOCK])
        waiting = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY,
            backend_name=backend.alias,
            queue_name=task.queue_name,
            task_path=task.module_path,
            run_after=due,
        )
        if not waiting.exists():
            task.enqueue()


BATCH = 200


def process_submissions(*, batch_size: int = BATCH) -> dict[str, int]:
    """File every waiting submission, in batches of ``batch_size``; what happened, counted.

    First the ones that failed before (each alone, up to :data:`MAX_ATTEMPTS` tries), then
    the rest until none wait. Each batch is one transaction, rows locked with ``SKIP
    LOCKED`` so that several workers share the queue. If a batch fails, its rows are tried
    one by one: a row that fails keeps its intake, records its error and stays waiting.
    """
    counts = {"processed": 0, "failed": 0}
    retry = list(
        Submission.objects.filter(
            processed_at__isnull=True, attempts__gt=0, attempts__lt=MAX_ATTEMPTS
        ).values_list("pk", flat=True)
    )
    for pk in retry:
        _process_batch(counts, Submission.objects.filter(pk=pk), 1)
    while _process_batch(
        counts, Submission.objects.filter(processed_at__isnull=True, attempts=0), batch_size
    ):
        pass
    return counts


def _process_batch(counts: dict[str, int], waiting: Any, size: int) -> int:
    """Lock and file up to ``size`` of ``waiting``; how many were taken."""
    with transaction.atomic():
        rows = list(
            waiting.select_for_update(skip_locked=True, of=("self",))
            .filter(processed_at__isnull=True)
            .order_by("pk")[:size]
        )
        if not rows:
            return 0
        pages = Page.objects.select_related("branch", "partner").in_bulk({r.page_id for r in rows})
        for r in rows:
            r.page = pages[r.page_id]
        try:
            with transaction.atomic(), deferred():
                _file(rows)
            counts["processed"] += len(rows)
            return len(rows)
        except Exception as exc:
            if len(rows) == 1:
                _failed(rows[0], counts, exc)
                return 1
        for row in rows:  # one by one: the failing rows must not hold back the others
            try:
                with transaction.atomic(), deferred():
                    _file([row])
                counts["processed"] += 1
            except Exception as exc:
                _failed(row, counts, exc)
        return len(rows)


def _failed(row: Submission, counts: dict[str, int], exc: Exception) -> None:
    """Count a failed try: the traceback for an operator, and for the organiser's queue the
    reason in words when a rule refused it (a ``ValidationError`` says what is wrong)."""
    error = traceback.format_exc(limit=3)[-2000:]
    reason = " ".join(exc.messages)[:500] if isinstance(exc, ValidationError) else ""
    logger.exception("Public page submission %s could not be processed", row.pk)
    Submission.objects.filter(pk=row.pk).update(
        error=error, reason=reason, attempts=F("attempts") + 1
    )
    counts["failed"] += 1


def _placed(rows: list[Submission]) -> dict[int, tuple[Location | None, Match | None]]:
    """Each row's workplace: picked from the register (registered, in the page's region), else
    the engine's decision on the typed text; the locations read in two queries."""
    picked_ids = {r.intake.get("location") for r in rows if r.intake.get("location")}
    picked = (
        Location.objects.filter(
            pk__in=picked_ids,
            is_social_care=True,
            registration_status=RegistrationStatus.REGISTERED,
        )
        .select_related("provider", "council")
        .in_bulk()
        if picked_ids
        else {}
    )
    placed: dict[int, tuple[Location | None, Match | None]] = {}
    for r in rows:
        location = picked.get(r.intake.get("location") or 0)
        if location is not None and (
            location.council is None or location.council.region_id != r.page.region_id
        ):
            location = None
        guess = None
        if location is None and r.workplace_text:
            guess = cached_register(r.page.region_id).decide(
                Query("public", "", r.workplace_text, "")
            )
        placed[r.pk] = (location, guess)
    auto_ids = {
        int(g.location_id)
        for _loc, g in placed.values()
        if g is not None and g.decision == "auto" and g.location_id
    }
    autos = Location.objects.select_related("provider").in_bulk(auto_ids) if auto_ids else {}
    for pk, (_location, guess) in placed.items():
        if guess is not None and guess.decision == "auto" and guess.location_id:
            placed[pk] = (autos.get(int(guess.location_id)), guess)
    return placed


def _file(rows: list[Submission]) -> None:
    """Link, route and file a batch of submissions: each rule in its home, called once for
    the batch (the dedupe in one query, the contacts in one insert, the review items in one
    insert, the submissions in one update, the audit rows in one chained append)."""
    placed = _placed(rows)
    for r in rows:
        location = placed[r.pk][0]
        r.location = location
        r.council_id = location.council_id if location else None
        r.branch = route(r.page, r.council_id)
    with_contact = [r for r in rows if r.intake.get("email") or r.intake.get("phone")]
    contacts = contacts_from_public_pages(
        [
            PublicContact(
                actor=_actor(r.page),
                region_id=r.page.region_id,
                branch=r.branch,
                name=r.intake.get("name") or "",
                email=r.intake.get("email") or "",
                phone=r.intake.get("phone") or "",
                workplace_text=r.workplace_text,
                language=r.language,
                consent_wording=r.consent_wording,
                partner=r.page.partner,
                page_id=r.page_id,
            )
            for r in with_contact
        ]
    )
    people: dict[int, tuple[Person, bool]] = {}
    grants: dict[bool, list[ConsentGrant]] = {True: [], False: []}  # fresh: new people's
    for r, (person, created) in zip(with_contact, contacts, strict=True):
        r.person = person
        r.contact_outcome = ContactOutcome.CREATED if created else ContactOutcome.UPDATED
        if not created:
            r.branch = person.branch  # the branch that already organises them
        if r.consent:
            grants[created and id(person) not in people].append(_consent_grant(r, person))
        people.setdefault(id(person), (person, created))
    for fresh, group in grants.items():
        if group:
            record_consents_many(group, granted=True, source=ConsentSource.FORM, fresh=fresh)
    outcomes = _link(rows, placed, people)
    decided = {r.pk: _decision(r, *placed[r.pk], outcomes.get(r.pk)) for r in rows}
    provider_only = {
        r.pk: int(m.provider_id)
        for r in rows
        if (m := decided[r.pk][1]) is not None
        and m.decision == "auto"
        and not m.location_id
        and m.provider_id
        and placed[r.pk][0] is None
    }
    providers = Provider.objects.in_bulk(set(provider_only.values())) if provider_only else {}
    now = timezone.now()
    for r in rows:
        location = placed[r.pk][0]
        decision, match = decided[r.pk]
        r.link_decision = decision
        r.link_score = round(match.score, 1) if match is not None else None
        if location is not None:
            r.provider = location.provider
        elif r.pk in provider_only:
            r.provider = providers.get(provider_only[r.pk])
        r.processed_at = now
        r.intake = {}
        r.error = ""
        r.reason = ""
        log_action(
            r,
            "publicpages.submission.received",
            _actor(r.page),
            {
                "page": r.page_id,
                "person": r.person_id,
                "contact": r.contact_outcome,
                "link": r.link_decision,
                "language": r.language,
                "consent_version": r.consent_version,
            },
            branch_id=r.branch_id,
        )
    update_rows(Submission, rows, FILED_FIELDS)


# What filing decides per row (one UPDATE for the batch: ``lib.bulk.update_rows``).
FILED_FIELDS = (
    "person",
    "branch",
    "location",
    "provider",
    "council",
    "link_decision",
    "link_score",
    "contact_outcome",
    "processed_at",
    "intake",
    "error",
    "reason",
)


def _actor(page: Page) -> str:
    return f"public page {page.slug}"


def _consent_grant(r: Submission, person: Person) -> ConsentGrant:
    """Consent per channel (outreach's record): email for an address given, texts and calls
    for a mobile number given, with the wording shown and the page and its version."""
    channels = ([Channel.EMAIL] if r.intake.get("email") else []) + (
        [Channel.SMS, Channel.PHONE] if r.intake.get("phone") else []
    )
    return ConsentGrant(
        _actor(r.page),
        person,
        channels,
        r.consent_wording,
        f"page {r.page.slug} v{r.consent_version}",
    )


def _link(
    rows: list[Submission],
    placed: dict[int, tuple[Location | None, Match | None]],
    people: dict[int, tuple[Person, bool]],
) -> dict[int, LinkOutcome | None]:
    """Link each contact of the batch once (the linkage engine's writes, per batch): to the
    workplace picked, else through the engine (its decision on the typed text stands for a
    contact created just now; a known unlinked person is decided again on what they are
    known by). Each row's outcome (``None``: not linked by the engine)."""
    last: dict[int, Submission] = {}
    for r in rows:
        if r.person is not None:
            last[id(r.person)] = r  # the workplace they typed last is the one they are read by
    groups: dict[tuple[str, bool], list[tuple[Person, Match | None]]] = {}
    picks: dict[str, list[WorkplaceLink]] = {}
    for key, r in last.items():
        person, created = people[key]
        location, guess = placed[r.pk]
        if person.location_id is not None and person.link_method in ("confirmed", "manual"):
            continue
        picked = r.intake.get("location") is not None and location is not None and guess is None
        if picked:
            picks.setdefault(_actor(r.page), []).append(
                WorkplaceLink(person, location, None, "self-reported")
            )
            continue
        if guess is None or person.location_id is not None:
            continue
        match = guess if created and person.workplace_text == r.workplace_text else None
        groups.setdefault((_actor(r.page), created), []).append((person, match))
    for actor, links in picks.items():
        link_people_to_locations(actor, links)
    outcomes: dict[int, LinkOutcome] = {}
    for (actor, fresh), group in groups.items():
        done = link_people_now(group, actor=actor, fresh=fresh)
        for (person, _m), outcome in zip(group, done, strict=True):
            outcomes[id(person)] = outcome
    return {r.pk: outcomes.get(id(r.person)) if r.person is not None else None for r in rows}


def _decision(
    r: Submission, location: Location | None, guess: Match | None, outcome: LinkOutcome | None
) -> tuple[str, LinkOutcome | Match | None]:
    """How the row's workplace was placed, for the organiser's queue, and the engine's
    match behind it (the person's linking outcome, else its decision on the text)."""
    person = r.person
    if (
        person is not None
        and person.location_id is not None
        and person.link_method in ("confirmed", "manual")
    ):
        return LinkDecision.KNOWN, None
    if r.intake.get("location") is not None and location is not None and guess is None:
        return LinkDecision.PICKED, None
    if guess is None:
        if person is not None and person.location_id is not None:
            return LinkDecision.KNOWN, None
        return (LinkDecision.NOT_ASKED if not r.workplace_text else LinkDecision.NONE), None
    match = outcome or guess
    return str(match.decision), match


@transaction.atomic
def mark_submission_done(
    actor: User, submission: Submission, *, request: HttpRequest | None = None
) -> None:
    if not has_perm(actor, "change_people"):
        raise PermissionDenied
    if not submissions_visible_to(actor).filter(pk=submission.pk).exists():
        raise PermissionDenied
    if submission.status == SubmissionStatus.DONE:
        return
    submission.status = SubmissionStatus.DONE
    submission.handled_by = actor
    submission.handled_at = timezone.now()
    submission.save(update_fields=["status", "handled_by", "handled_at"])
    log_action(submission, "publicpages.submission.done", actor, {}, request=request)


@transaction.atomic
def retry_submission(
    actor: User, submission: Submission, *, request: HttpRequest | None = None
) -> None:
    """Give a submission that could not be filed one more try (an organiser, once its cause
    is mended): the worker's next run files it, or it stops again after that one try.

    Refused (``ValidationError``) unless it could not be filed; the audit row keeps the
    reason it had."""
    if not has_perm(actor, "change_people"):
        raise PermissionDenied
    if not submissions_visible_to(actor).filter(pk=submission.pk).exists():
        raise PermissionDenied
    # One conditional update: a submission filed or retried meanwhile is not touched.
    retried = Submission.objects.filter(
        pk=submission.pk, processed_at__isnull=True, attempts__gte=MAX_ATTEMPTS
    ).update(attempts=MAX_ATTEMPTS - 1)
    if not retried:
        raise ValidationError(_("This answer is not waiting to be tried again."))
    log_action(
        submission,
        "publicpages.submission.retried",
        actor,
        {"attempts": submission.attempts, "reason": submission.reason},
        request=request,
    )
    submission.attempts = MAX_ATTEMPTS - 1
    transaction.on_commit(schedule_processing)
