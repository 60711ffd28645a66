"""Target lists and call assignments: the queue, reservations, outcomes, progress."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import User
from commonground.audit.models import Entry
from commonground.outreach.actions import (
    record_call_outcome,
    record_consent,
    release_call,
    reserve_next,
    reveal_history,
    save_list,
)
from commonground.outreach.models import Call, CallAssignment, CallState
from commonground.outreach.queries import assignment_progress, list_people
from commonground.people.models import Conversation, Person

pytestmark = pytest.mark.django_db


def test_it_evaluates_a_list_again_each_time(target_list: Any, team_a: list[Person]) -> None:
    assert list_people(target_list).count() == 6
    Person.objects.filter(pk=team_a[0].pk).update(assessment=2)
    target_list.filters = {**target_list.filters, "assessment": [2]}
    assert list(list_people(target_list)) == [team_a[0]]


def test_it_keeps_a_list_inside_the_users_scope(
    target_list: Any, outsider_branch_b: User, rep_at_workplace_x: User
) -> None:
    assert list_people(target_list, rep_at_workplace_x).count() == 6
    assert list_people(target_list, outsider_branch_b).count() == 0
    with pytest.raises(PermissionDenied):
        save_list(outsider_branch_b, target_list, name="x", branch=target_list.branch, filters={})


def test_it_never_gives_two_callers_the_same_person(
    assignment: CallAssignment, branch_organiser_a: User, rep_at_workplace_x: User
) -> None:
    first = reserve_next(rep_at_workplace_x, assignment)
    second = reserve_next(branch_organiser_a, assignment)
    assert first is not None and second is not None
    assert first.person_id != second.person_id
    # Asking again returns the same held person, not a new one.
    again = reserve_next(rep_at_workplace_x, assignment)
    assert again is not None and again.pk == first.pk
    held = Call.objects.filter(state=CallState.RESERVED).values_list("person_id", flat=True)
    assert len(set(held)) == len(held) == 2


def test_it_gives_nobody_without_a_number_and_stops_when_done(
    assignment: CallAssignment, rep_at_workplace_x: User
) -> None:
    seen = []
    while (call := reserve_next(rep_at_workplace_x, assignment)) is not None:
        seen.append(call.person.full_name)
        record_call_outcome(rep_at_workplace_x, call, outcome="wrong_number")
    assert len(seen) == 5 and "Synthetic No Number" not in seen


def test_it_releases_a_hold_on_skip_and_after_the_timeout(
    assignment: CallAssignment, branch_organiser_a: User, rep_at_workplace_x: User
) -> None:
    call = reserve_next(rep_at_workplace_x, assignment)
    assert call is not None
    release_call(rep_at_workplace_x, call)
    # The skipped person goes to others first…
    other = reserve_next(branch_organiser_a, assignment)
    assert other is not None and other.person_id == call.person_id
    # …and a hold that times out is given to the next caller who asks.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        taken = reserve_next(rep_at_workplace_x, assignment)
        assert taken is not None and taken.person_id == other.person_id
        with pytest.raises(PermissionDenied):
            record_call_outcome(branch_organiser_a, other, outcome="conversation")


def test_it_records_outcome_assessment_and_follow_up_in_one_step(
    assignment: CallAssignment, rep_at_workplace_x: User
) -> None:
    call = reserve_next(rep_at_workplace_x, assignment)
    assert call is not None
    follow_up = timezone.localdate() + datetime.timedelta(days=7)
    record_call_outcome(
        rep_at_workplace_x,
        call,
        outcome="conversation",
        assessment=2,
        follow_up=follow_up,
        notes="Worried about rotas",
    )
    person = Person.objects.get(pk=call.person_id)
    assert person.assessment == 2
    assert person.follow_up_due == follow_up
    conversation = Conversation.objects.get(person=person)
    assert conversation.notes == "Worried about rotas" and conversation.outcome == "supportive"
    progress = assignment_progress(assignment)
    assert (
        progress["calls"],
        progress["reached"],
        progress["conversations"],
        progress["moved"],
    ) == (
        1,
        1,
        1,
        1,
    )
    assert progress["per_caller"][0]["caller__username"] == "rep_x"
    actions = set(Entry.objects.filter(subject_id=str(person.pk)).values_list("action", flat=True))
    assert {
        "outreach.call.revealed",
        "people.conversation.logged",
        "people.assessment.recorded",
        "outreach.call.completed",
    } <= actions


def test_it_keeps_no_answer_out_of_the_conversation_log_and_tries_again_later(
    assignment: CallAssignment, rep_at_workplace_x: User
) -> None:
    call = reserve_next(rep_at_workplace_x, assignment)
    assert call is not None
    record_call_outcome(rep_at_workplace_x, call, outcome="no_answer")
    assert not Conversation.objects.filter(person=call.person).exists()
    names = set()
    while (nxt := reserve_next(rep_at_workplace_x, assignment)) is not None:
        names.add(nxt.person_id)
        record_call_outcome(rep_at_workplace_x, nxt, outcome="not_interested")
    assert call.person_id not in names
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=21)):
        again = reserve_next(rep_at_workplace_x, assignment)
        assert again is not None and again.person_id == call.person_id


def test_it_brings_a_call_back_when_it_is_due(
    assignment: CallAssignment, rep_at_workplace_x: User
) -> None:
    call = reserve_next(rep_at_workplace_x, assignment)
    assert call is not None
    when = timezone.now() + datetime.timedelta(days=2)
    record_call_outcome(rep_at_workplace_x, call, outcome="call_back", call_back_at=when)
    while (nxt := reserve_next(rep_at_workplace_x, assignment)) is not None:
        assert nxt.person_id != call.person_id
        record_call_outcome(rep_at_workplace_x, nxt, outcome="not_interested")
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        due = reserve_next(rep_at_workplace_x, assignment)
        assert due is not None and due.person_id == call.person_id


def test_it_skips_people_who_asked_not_to_be_called(
    assignment: CallAssignment, rep_at_workplace_x: User, team_a: list[Person]
) -> None:
    for person in team_a[1:]:
        record_consent(None, person, "phone", granted=False, wording="No calls", source="manual")
    call = reserve_next(rep_at_workplace_x, assignment)
    assert call is not None and call.person_id == team_a[0].pk


def test_it_reveals_history_only_when_the_assignment_allows_it(
    assignment: CallAssignment, rep_at_workplace_x: User
) -> None:
    call = reserve_next(rep_at_workplace_x, assignment)
    assert call is not None
    with pytest.raises(PermissionDenied):
        reveal_history(rep_at_workplace_x, call)
    CallAssignment.objects.filter(pk=assignment.pk).update(show_history=True)
    call.assignment.refresh_from_db()
    reveal_history(rep_at_workplace_x, call)
    assert Entry.objects.filter(action="outreach.call.history_revealed").count() == 1


def test_it_refuses_people_who_are_not_callers(
    assignment: CallAssignment, regional_organiser: User, outsider_branch_b: User
) -> None:
    for user in (regional_organiser, outsider_branch_b):
        with pytest.raises(PermissionDenied):
            reserve_next(user, assignment)


def test_the_caller_page_shows_one_person_and_the_next_after_an_outcome(
    client: Any, assignment: CallAssignment, rep_at_workplace_x: User
) -> None:
    client.force_login(rep_at_workplace_x)
    url = reverse("outreach:assignment-call", args=[assignment.pk])
    page = client.get(url)
    assert page.status_code == 200
    call = page.context["call"]
    text = page.content.decode()
    assert f'href="tel:{call.person.phone}"' in text
    assert f"Hello {call.person.full_name.split()[0]} at Synthetic Hollins Park" in text
    response = client.post(
        reverse("outreach:call-outcome", args=[assignment.pk, call.pk]),
        {"outcome": "conversation", "assessment": "1", "follow_up": "2030-01-02", "notes": ""},
    )
    assert response.status_code == 302 and response["Location"] == url
    nxt = client.get(url)
    assert nxt.context["call"].person_id != call.person_id
    assert Person.objects.get(pk=call.person_id).assessment == 1
    assert (
        client.get(reverse("outreach:call-outcome", args=[assignment.pk, call.pk])).status_code
        == 405
    )
