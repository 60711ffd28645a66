"""Target lists, call and text assignments, and working them one person at a time."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.accounts.access import branch_ids_for_people
from commonground.accounts.models import Branch, Role, User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.outreach.consent import may_contact, normalise_address
from commonground.outreach.models import (
    REACHED_OUTCOMES,
    AssignmentStatus,
    Call,
    CallAssignment,
    CallOutcome,
    CallState,
    Channel,
    Message,
    MessageStatus,
    TargetList,
)
from commonground.outreach.queries import queue
from commonground.outreach.sms import SmsMessage, get_backend
from commonground.people.actions import log_conversation, record_assessment
from commonground.people.models import Conversation, Outcome, Person

# --- target lists and assignments ------------------------------------------------------------


def require_manage(actor: User, branch: Branch | None, region_id: int | None) -> None:
    """Organisers manage outreach in their scope: a branch's, or (regional) the region's."""
    if not has_perm(actor, "change_outreach"):
        raise PermissionDenied
    if actor.is_admin:
        return
    if branch is None:
        if actor.role != Role.REGIONAL_ORGANISER or actor.region_id != region_id:
            raise PermissionDenied
        return
    ids = branch_ids_for_people(actor) or []
    if branch.pk not in ids:
        raise PermissionDenied


def region_for(actor: User, branch: Branch | None) -> int:
    region_id = branch.region_id if branch is not None else actor.region_id
    if region_id is None:
        raise ValidationError(_("Choose a branch: you have no region."))
    return int(region_id)


@transaction.atomic
def save_list(
    actor: User,
    target_list: TargetList | None,
    *,
    name: str,
    branch: Branch | None,
    filters: dict[str, Any],
    description: str = "",
    request: HttpRequest | None = None,
) -> TargetList:
    """Create or change a target list (a saved, scoped people filter)."""
    region_id = region_for(actor, branch)
    require_manage(actor, branch, region_id)
    if target_list is not None:
        require_manage(actor, target_list.branch, target_list.region_id)
    created = target_list is None
    target_list = target_list or TargetList(created_by=actor)
    target_list.name = name
    target_list.description = description
    target_list.branch = branch
    target_list.region_id = region_id
    target_list.filters = {k: v for k, v in filters.items() if v not in ("", None, [])}
    target_list.save()
    log_action(
        target_list,
        "outreach.targetlist.created" if created else "outreach.targetlist.changed",
        actor,
        {"filters": target_list.filters, "branch": branch.pk if branch else None},
        request=request,
    )
    return target_list


@transaction.atomic
def save_assignment(
    actor: User,
    assignment: CallAssignment | None,
    values: dict[str, Any],
    callers: list[User],
    *,
    request: HttpRequest | None = None,
) -> CallAssignment:
    """Create or change a call or text assignment and choose its callers."""
    target_list: TargetList = values["target_list"]
    require_manage(actor, target_list.branch, target_list.region_id)
    if assignment is not None:
        require_manage(actor, assignment.branch, assignment.region_id)
    created = assignment is None
    assignment = assignment or CallAssignment(created_by=actor)
    for name, value in values.items():
        setattr(assignment, name, value)
    assignment.branch = target_list.branch
    assignment.region_id = target_list.region_id
    assignment.save()
    assignment.callers.set(callers)
    log_action(
        assignment,
        "outreach.assignment.created" if created else "outreach.assignment.changed",
        actor,
        {
            "list": target_list.pk,
            "kind": assignment.kind,
            "callers": sorted(c.pk for c in callers),
            "show_notes": assignment.show_notes,
            "show_history": assignment.show_history,
        },
        branch_id=assignment.branch_id,
        request=request,
    )
    return assignment


# --- working an assignment --------------------------------------------------------------------


def _require_caller(caller: User, assignment: CallAssignment) -> None:
    if not has_perm(caller, "view_outreach"):
        raise PermissionDenied
    if not assignment.callers.filter(pk=caller.pk).exists():
        raise PermissionDenied
    if assignment.status != AssignmentStatus.OPEN:
        raise PermissionDenied


def current_call(caller: User, assignment: CallAssignment) -> Call | None:
    """The caller's live reservation in the assignment, if any."""
    return (
        Call.objects.filter(
            assignment=assignment,
            caller=caller,
            state=CallState.RESERVED,
            expires_at__gt=timezone.now(),
        )
        .select_related("person", "person__location")
        .first()
    )


def reserve_next(
    caller: User, assignment: CallAssignment, *, request: HttpRequest | None = None
) -> Call | None:
    """Hold the next person of the queue for ``caller`` (or return the one already held).

    Two callers never hold the same person: the partial unique constraint on live
    reservations refuses the second insert, and the loser takes the next person. Expired
    holds are released first. Holding a person reveals them to the caller: audited, and
    audited again each time the held person is shown again.
    """
    _require_caller(caller, assignment)
    held = current_call(caller, assignment)
    if held is not None:
        log_action(
            held.person,
            "outreach.call.revealed",
            caller,
            {"assignment": assignment.pk, "call": held.pk, "again": True},
            request=request,
        )
        return held
    now = timezone.now()
    Call.objects.filter(
        assignment=assignment, state=CallState.RESERVED, expires_at__lte=now
    ).update(state=CallState.RELEASED, completed_at=now)
    tried: list[int] = []
    for _attempt in range(5):
        candidate = queue(assignment, caller, now).exclude(pk__in=tried).first()
        if candidate is None:
            return None
        try:
            with transaction.atomic():
                call = Call.objects.create(
                    assignment=assignment,
                    person=candidate,
                    caller=caller,
                    state=CallState.RESERVED,
                    reserved_at=now,
                    expires_at=now + datetime.timedelta(minutes=assignment.reserve_minutes),
                )
        except IntegrityError:
            tried.append(candidate.pk)  # another caller took them a moment ago
            continue
        log_action(
            candidate,
            "outreach.call.revealed",
            caller,
            {"assignment": assignment.pk, "call": call.pk},
            request=request,
        )
        return call
    return None


def _own_live_call(caller: User, call: Call) -> None:
    _require_caller(caller, call.assignment)
    if call.caller_id != caller.pk or call.state != CallState.RESERVED:
        raise PermissionDenied
    # Timed out: fine, unless someone else holds the person now.
    taken = (
        Call.objects.filter(
            assignment=call.assignment, person=call.person, state=CallState.RESERVED
        )
        .exclude(pk=call.pk)
        .filter(expires_at__gt=timezone.now())
    )
    if call.expires_at <= timezone.now() and taken.exists():
        raise PermissionDenied


@transaction.atomic
def release_call(caller: User, call: Call, *, request: HttpRequest | None = None) -> None:
    """Skip: the person goes back to the queue for other callers."""
    _own_live_call(caller, call)
    call.state = CallState.RELEASED
    call.completed_at = timezone.now()
    call.save(update_fields=["state", "completed_at"])
    log_action(call.person, "outreach.call.skipped", caller, {"call": call.pk}, request=request)


@transaction.atomic
def record_call_outcome(
    caller: User,
    call: Call,
    *,
    outcome: str,
    call_back_at: datetime.datetime | None = None,
    assessment: int | None = None,
    follow_up: datetime.date | None = None,
    notes: str = "",
    issues: list[str] | None = None,
    request: HttpRequest | None = None,
) -> Call:
    """Record what happened on a call, in one step.

    Talking to the person (a conversation, "not interested", "call back at") writes their
    conversation log, with the follow-up date and notes; the assessment, when given and
    allowed, is recorded too. No answer, a message left or a wrong number are kept in the
    assignment's call log only: nobody was spoken to.
    """
    _own_live_call(caller, call)
    assignment = call.assignment
    if outcome not in CallOutcome.values:
        raise ValidationError(_("Choose an outcome."))
    if outcome == CallOutcome.CALL_BACK and call_back_at is None:
        raise ValidationError(_("Say when to call back."))
    if outcome == CallOutcome.TEXTED and not assignment.is_text:
        raise ValidationError(_("Choose an outcome."))
    person = call.person
    call.assessment_from = person.assessment
    if outcome in REACHED_OUTCOMES:
        conversation_outcome = {
            CallOutcome.NOT_INTERESTED: Outcome.NOT_INTERESTED,
        }.get(CallOutcome(outcome), "")
        if assessment in (1, 2) and outcome == CallOutcome.CONVERSATION:
            conversation_outcome = Outcome.SUPPORTIVE
        elif assessment == 3 and outcome == CallOutcome.CONVERSATION:
            conversation_outcome = Outcome.UNDECIDED
        call.conversation = log_conversation(
            caller,
            person,
            outcome=conversation_outcome,
            next_step=str(_("Call back")) if outcome == CallOutcome.CALL_BACK else "",
            follow_up=follow_up or (call_back_at.date() if call_back_at is not None else None),
            notes=notes,
            issues=issues,
            request=request,
        )
        if (
            assessment is not None
            and assignment.allow_assessment
            and assessment != person.assessment
        ):
            record_assessment(caller, person, assessment, request=request)
            call.assessment_to = assessment
    call.state = CallState.DONE
    call.outcome = outcome
    call.call_back_at = call_back_at if outcome == CallOutcome.CALL_BACK else None
    call.completed_at = timezone.now()
    call.save(
        update_fields=[
            "state",
            "outcome",
            "call_back_at",
            "completed_at",
            "conversation",
            "assessment_from",
            "assessment_to",
        ]
    )
    log_action(
        person,
        "outreach.call.completed",
        caller,
        {
            "assignment": assignment.pk,
            "call": call.pk,
            "outcome": outcome,
            "assessment": call.assessment_to,
            "follow_up": follow_up,
        },
        request=request,
    )
    return call


def reveal_history(
    caller: User, call: Call, *, request: HttpRequest | None = None
) -> list[Conversation]:
    """Earlier conversations of the held person, when the assignment allows it (audited)."""
    _own_live_call(caller, call)
    if not call.assignment.show_history:
        raise PermissionDenied
    log_action(
        call.person,
        "outreach.call.history_revealed",
        caller,
        {"call": call.pk, "notes": call.assignment.show_notes},
        request=request,
    )
    return list(call.person.conversations.select_related("by")[:20])


@transaction.atomic
def send_call_text(
    caller: User, call: Call, body: str, *, request: HttpRequest | None = None
) -> Message:
    """Text bank through the SMS channel: send the held person the text, then mark it done.

    The same rules as a send to a list: the person must be reachable by text for the
    assignment's purpose, the suppression list is checked, the body is kept.
    """
    _own_live_call(caller, call)
    assignment = call.assignment
    if not assignment.is_text:
        raise ValidationError(_("This is not a text bank."))
    person = call.person
    if not may_contact(
        Person.objects.filter(pk=person.pk), Channel.SMS, assignment.purpose
    ).exists():
        raise ValidationError(_("This person may not be sent texts."))
    address = normalise_address(Channel.SMS, person.phone)
    body = body + "\n" + str(_("Reply STOP to opt out."))
    message = Message.objects.create(
        call=call,
        channel=Channel.SMS,
        person=person,
        address=address,
        body=body,
        token=secrets.token_hex(16),
    )
    backend = get_backend()
    try:
        ids = backend.send_messages([SmsMessage(address, body, str(message.pk))])
    finally:
        backend.close()
    if not ids or not ids[0]:
        raise ValidationError(_("The SMS service refused the text. Try again, or use your phone."))
    message.provider_id, message.status = ids[0], MessageStatus.SENT
    message.sent_at = message.updated = timezone.now()
    message.save(update_fields=["provider_id", "status", "sent_at", "updated"])
    record_call_outcome(caller, call, outcome=CallOutcome.TEXTED, request=request)
    return message
