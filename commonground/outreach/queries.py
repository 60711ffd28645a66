"""Read-side outreach queries: a target list's people, the caller's queue, progress."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from commonground.accounts.models import Branch, User
from commonground.campaigns.models import EventSignup
from commonground.outreach.consent import may_contact
from commonground.outreach.models import (
    FINAL_OUTCOMES,
    REACHED_OUTCOMES,
    RETRY_OUTCOMES,
    Call,
    CallAssignment,
    CallOutcome,
    CallState,
    Message,
    MessageStatus,
    TargetList,
)
from commonground.people.access import people_visible_to
from commonground.people.models import Conversation, Person

# The filters a list may save, in the order the form shows them. Values are ids and codes.
FILTER_KEYS = (
    "branch",
    "council",
    "provider",
    "workplace",
    "membership",
    "assessment",
    "follow_up",
    "language",
    "event",
    "issue",
    "reachable",
)


def list_scope(target_list: TargetList) -> QuerySet[Person]:
    """Everyone a list can ever hold: its branch's people, or its region's branches'."""
    if target_list.branch_id is not None:
        return Person.objects.filter(branch_id=target_list.branch_id)
    branches = Branch.objects.filter(region_id=target_list.region_id).values("pk")
    return Person.objects.filter(branch_id__in=branches)


def apply_filters(qs: QuerySet[Person], filters: dict[str, Any]) -> QuerySet[Person]:
    """Narrow ``qs`` by a list's saved filters (already cleaned: ids, codes, lists)."""
    if filters.get("branch"):
        qs = qs.filter(branch_id=filters["branch"])
    if filters.get("council"):
        qs = qs.filter(location__council_id=filters["council"])
    if filters.get("provider"):
        qs = qs.filter(provider_id=filters["provider"])
    if filters.get("workplace"):
        qs = qs.filter(location_id=filters["workplace"])
    membership = filters.get("membership")
    if membership == "none":
        qs = qs.filter(membership__isnull=True)
    elif membership:
        qs = qs.filter(membership__status=membership)
    assessments = [int(v) for v in filters.get("assessment") or []]
    if assessments:
        qs = qs.filter(assessment__in=assessments)
    follow = filters.get("follow_up")
    if follow == "due":
        qs = qs.filter(follow_up_due__lte=timezone.localdate())
    elif follow == "none":
        qs = qs.filter(follow_up_due__isnull=True)
    language = (filters.get("language") or "").strip().lower()
    if language:
        qs = qs.filter(preferred_language__iexact=language)
    if filters.get("event"):
        signed = EventSignup.objects.filter(event_id=filters["event"], person_id__isnull=False)
        qs = qs.filter(pk__in=signed.values("person_id"))
    issue = (filters.get("issue") or "").strip()
    if issue:
        # Issues are a JSON list on each conversation; its text holds each tag quoted, so a
        # quoted search matches whole tags on SQLite and PostgreSQL alike.
        tagged = Conversation.objects.filter(
            person=OuterRef("pk"), issues__icontains=json.dumps(issue)
        )
        qs = qs.filter(Exists(tagged))
    reachable = filters.get("reachable")
    if reachable:
        qs = may_contact(qs, reachable, filters.get("purpose") or "campaigning")
    return qs


def list_people(target_list: TargetList, user: User | None = None) -> QuerySet[Person]:
    """The list's people now (re-evaluated on every use), within ``user``'s scope if given."""
    qs = apply_filters(list_scope(target_list).filter(erased_at__isnull=True), target_list.filters)
    if user is not None:
        qs = qs.filter(pk__in=people_visible_to(user).values("pk"))
    return qs


def preview_size(user: User, scope_branch: Branch | None, filters: dict[str, Any]) -> int:
    """The live size of a list being built: the user's people matching ``filters``."""
    qs = people_visible_to(user).filter(erased_at__isnull=True)
    if scope_branch is not None:
        qs = qs.filter(branch=scope_branch)
    return apply_filters(qs, filters).count()


# --- the caller's queue -----------------------------------------------------------------------


def queue(assignment: CallAssignment, caller: User, now: datetime.datetime) -> QuerySet[Person]:
    """People the caller may be given next, best first.

    The list's people, in the caller's own scope, reachable on the assignment's channel for
    its purpose; not held by anyone; not finished; not waiting for a retry or a call-back.
    """
    calls = Call.objects.filter(assignment=assignment, person=OuterRef("pk"))
    held = calls.filter(state=CallState.RESERVED, expires_at__gt=now)
    finished = calls.filter(state=CallState.DONE, outcome__in=FINAL_OUTCOMES)
    retry_after = now - datetime.timedelta(hours=assignment.retry_hours)
    waiting = calls.filter(
        state=CallState.DONE, outcome__in=RETRY_OUTCOMES, completed_at__gt=retry_after
    )
    # Waiting for a call-back: nobody calls them before the time they asked for (they are
    # left out of the queue until then, so no later call can have happened in between).
    call_back_later = calls.filter(
        state=CallState.DONE, outcome=CallOutcome.CALL_BACK, call_back_at__gt=now
    )
    call_back_due = calls.filter(
        state=CallState.DONE, outcome=CallOutcome.CALL_BACK, call_back_at__lte=now
    )
    attempts = calls.filter(state=CallState.DONE, outcome__in=RETRY_OUTCOMES)
    attempt_count = attempts.values("person").annotate(n=Count("pk")).values("n")[:1]
    skipped_by_me = calls.filter(
        state=CallState.RELEASED,
        caller=caller,
        completed_at__gt=now - datetime.timedelta(minutes=assignment.reserve_minutes),
    )
    qs = may_contact(
        list_people(assignment.target_list, caller), assignment.channel, assignment.purpose
    )
    return (
        qs.exclude(Exists(held))
        .exclude(Exists(finished))
        .exclude(Exists(waiting))
        .exclude(Exists(skipped_by_me))
        .annotate(attempts=Coalesce(Subquery(attempt_count), 0))
        .exclude(attempts__gte=assignment.max_attempts)
        .exclude(Exists(call_back_later))
        .annotate(due_back=Exists(call_back_due))
        .order_by("-due_back", "pk")
    )


def attempts_of(assignment: CallAssignment, person: Person) -> int:
    return Call.objects.filter(
        assignment=assignment, person=person, state=CallState.DONE, outcome__in=RETRY_OUTCOMES
    ).count()


# --- progress ---------------------------------------------------------------------------------


def assignment_progress(assignment: CallAssignment) -> dict[str, Any]:
    """Reached, conversations, outcomes, assessments moved: for the assignment and per caller."""
    done = Call.objects.filter(assignment=assignment, state=CallState.DONE)
    outcomes = Counter(dict(done.values_list("outcome").annotate(n=Count("pk")).order_by()))
    reached = done.filter(outcome__in=REACHED_OUTCOMES).values("person").distinct().count()
    moved = done.exclude(assessment_to__isnull=True).exclude(assessment_to=F("assessment_from"))
    per_caller = (
        done.values("caller__username", "caller__first_name", "caller__last_name")
        .annotate(
            calls=Count("pk"),
            reached=Count("pk", filter=Q(outcome__in=REACHED_OUTCOMES)),
            conversations=Count("pk", filter=Q(outcome=CallOutcome.CONVERSATION)),
            moved=Count(
                "pk",
                filter=Q(assessment_to__isnull=False) & ~Q(assessment_to=F("assessment_from")),
            ),
        )
        .order_by("-calls", "caller__username")
    )
    finished = done.filter(outcome__in=FINAL_OUTCOMES).values("person").distinct().count()
    return {
        "calls": sum(outcomes.values()),
        "reached": reached,
        "conversations": outcomes.get(CallOutcome.CONVERSATION, 0),
        "finished": finished,
        "outcomes": [(label, outcomes.get(value, 0)) for value, label in CallOutcome.choices],
        "moved": moved.count(),
        "per_caller": list(per_caller),
    }


def mailing_status_counts(mailing_id: int) -> dict[str, int]:
    rows = (
        Message.objects.filter(mailing_id=mailing_id)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(MessageStatus.values, 0)
    counts.update(dict(rows))
    return counts
