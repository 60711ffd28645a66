"""Delivery reports and replies from providers: anymail's tracking signal, Twilio's webhook.

Rules for every event (tests in ``tests/test_webhooks.py``):
- **signed**: anymail checks the provider's signature and the basic-auth secret before the
  signal fires; the SMS webhook checks Twilio's signature itself (403 otherwise);
- **idempotent**: each event is stored once by its id (``MessageEvent.event_id``); a repeat
  changes nothing;
- **unknown ids are ignored**: an event about a message we did not send is dropped (200, so
  the provider does not retry it for ever).

A hard bounce or a complaint puts the address on the suppression list for every message; an
unsubscribe reported by the provider, for campaigning.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from commonground.outreach.actions import record_consent, suppress
from commonground.outreach.consent import normalise_address
from commonground.outreach.models import (
    Channel,
    Consent,
    ConsentSource,
    Message,
    MessageEvent,
    MessageStatus,
    SuppressionReason,
    SuppressionScope,
)
from commonground.people.models import Person

# How far along a message is: a later report never moves it back (an "opened" beats a late
# "delivered"); the bad ends beat everything.
RANK = {
    MessageStatus.QUEUED: 0,
    MessageStatus.SENT: 1,
    MessageStatus.DELIVERED: 2,
    MessageStatus.OPENED: 3,
    MessageStatus.FAILED: 4,
    MessageStatus.BOUNCED: 5,
    MessageStatus.UNSUBSCRIBED: 6,
    MessageStatus.COMPLAINED: 7,
}
# anymail's normalised event types (and Twilio's statuses) → our status.
EVENT_STATUS = {
    "sent": MessageStatus.SENT,
    "queued": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "opened": MessageStatus.OPENED,
    "clicked": MessageStatus.OPENED,
    "bounced": MessageStatus.BOUNCED,
    "rejected": MessageStatus.BOUNCED,
    "complained": MessageStatus.COMPLAINED,
    "unsubscribed": MessageStatus.UNSUBSCRIBED,
    "failed": MessageStatus.FAILED,
    "undelivered": MessageStatus.BOUNCED,
}
SUPPRESSING = {
    MessageStatus.BOUNCED: (SuppressionReason.BOUNCED, SuppressionScope.ALL),
    MessageStatus.COMPLAINED: (SuppressionReason.COMPLAINED, SuppressionScope.ALL),
    MessageStatus.UNSUBSCRIBED: (SuppressionReason.UNSUBSCRIBED, SuppressionScope.CAMPAIGNING),
}


def find_message(provider_id: str, metadata: dict[str, Any] | None = None) -> Message | None:
    provider_id = (provider_id or "").strip().strip("<>")
    if provider_id:
        found = Message.objects.filter(provider_id=provider_id).first()
        if found is not None:
            return found
    ours = (metadata or {}).get("cg_message")
    if ours and str(ours).isdigit():
        return Message.objects.filter(pk=int(ours)).exclude(provider_id="").first()
    return None


def apply_event(
    *,
    provider_id: str,
    event_type: str,
    event_id: str | None,
    at: datetime.datetime | None,
    source: str,
    detail: str = "",
    metadata: dict[str, Any] | None = None,
) -> bool:
    """Apply one delivery event; ``False`` when it was unknown, unhandled or a repeat."""
    status = EVENT_STATUS.get(event_type)
    message = find_message(provider_id, metadata)
    if status is None or message is None:
        return False
    at = at or timezone.now()
    key = (
        event_id
        or hashlib.sha256(
            f"{source}|{provider_id}|{event_type}|{at.isoformat()}".encode()
        ).hexdigest()
    )
    try:
        with transaction.atomic():
            MessageEvent.objects.create(
                message=message,
                event_id=f"{source}:{key}"[:255],
                kind=event_type[:20],
                at=at,
                detail=detail[:255],
            )
    except IntegrityError:
        return False  # seen before
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if RANK[status] > RANK[MessageStatus(message.status)] or (
            message.status == MessageStatus.SUPPRESSED
        ):
            message.status = status
            message.updated = timezone.now()
            message.save(update_fields=["status", "updated"])
        if status in SUPPRESSING:
            reason, scope = SUPPRESSING[status]
            person = message.person if message.person_id else None
            suppress(
                f"webhook:{source}",
                message.channel,
                message.address,
                reason,
                scope=scope,
                person=person,
                detail=f"message {message.pk}",
            )
    return True


def on_tracking(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    """anymail's ``tracking`` signal: a verified event from the email provider."""
    apply_event(
        provider_id=str(event.message_id or ""),
        event_type=str(event.event_type or ""),
        event_id=str(event.event_id) if event.event_id else None,
        at=event.timestamp,
        source=esp_name.lower(),
        detail=str(event.description or event.reject_reason or "")[:255],
        metadata=dict(event.metadata or {}),
    )


STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})


def inbound_text(sender_number: str, body: str, provider_id: str) -> bool:
    """A text someone sent us. STOP (and its synonyms) opts the number out of every text."""
    words = body.strip().upper().split()
    if not words or words[0] not in STOP_WORDS:
        return False
    number = normalise_address(Channel.SMS, sender_number)
    people = list(Person.objects.filter(phone=number, erased_at__isnull=True))
    suppress(
        "webhook:sms",
        Channel.SMS,
        number,
        SuppressionReason.STOP,
        scope=SuppressionScope.ALL,
        person=people[0] if len(people) == 1 else None,
        detail=f"reply {provider_id}"[:255],
    )
    for person in people:
        current = Consent.objects.filter(person=person, channel=Channel.SMS, current=True).first()
        if current is None or current.granted:
            record_consent(
                "webhook:sms",
                person,
                Channel.SMS,
                granted=False,
                wording=words[0],
                source=ConsentSource.STOP,
                source_ref=f"reply {provider_id}"[:100],
            )
    return True
