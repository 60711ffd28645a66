"""Consent, suppression and opting out: the writes behind the channel rules.

Public pages (join forms, petitions) and webhooks call these with ``actor=None`` or a string
naming the source: there is no user to check, the caller has already validated the
submission.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.outreach.consent import normalise_address
from commonground.outreach.models import (
    Channel,
    Consent,
    ConsentSource,
    Message,
    MessageStatus,
    Purpose,
    Suppression,
    SuppressionReason,
    SuppressionScope,
)
from commonground.people.access import people_visible_to
from commonground.people.models import Person


def _require_person_change(actor: Any, person: Person) -> None:
    """A signed-in user changes consent only for people in their scope (system actors pass)."""
    if person.erased_at is not None:
        raise PermissionDenied
    if isinstance(actor, User):
        if not has_perm(actor, "change_people"):
            raise PermissionDenied
        if not people_visible_to(actor).filter(pk=person.pk).exists():
            raise PermissionDenied


def record_consent(
    actor: User | str | None,
    person: Person,
    channel: str,
    *,
    granted: bool,
    wording: str,
    source: str,
    source_ref: str = "",
    given_at: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    """Record that ``person`` gave (or withdrew) consent to campaigning on ``channel``.

    ``wording`` is the exact text they agreed to (or, for a withdrawal, how they withdrew);
    ``source`` is a :class:`ConsentSource`. The new statement becomes current; earlier ones
    stay as evidence. Public forms call this with ``actor=None``.
    """
    return record_consents(
        actor,
        person,
        [channel],
        granted=granted,
        wording=wording,
        source=source,
        source_ref=source_ref,
        given_at=given_at,
        request=request,
    )[0]


def record_consents(
    actor: User | str | None,
    person: Person,
    channels: Sequence[str],
    *,
    granted: bool,
    wording: str,
    source: str,
    source_ref: str = "",
    given_at: datetime.datetime | None = None,
    request: HttpRequest | None = None,
    fresh: bool = False,
) -> list[Consent]:
    """:func:`record_consent` for several channels at once, in one write: one lock on the
    person, one update of the statements they replace, one insert (a join form's ticked box
    covers email, texts and calls). One audit row per channel.

    ``fresh``: the person was created in the caller's transaction, so no statement of theirs
    exists to replace and no other transaction can see them: no lock, no update.
    """
    return record_consents_many(
        [ConsentGrant(actor, person, channels, wording, source_ref)],
        granted=granted,
        source=source,
        given_at=given_at,
        request=request,
        fresh=fresh,
    )


@dataclass(frozen=True)
class ConsentGrant:
    """One person's statement for :func:`record_consents_many`."""

    actor: User | str | None
    person: Person
    channels: Sequence[str]
    wording: str
    source_ref: str = ""


def record_consents_many(
    grants: Sequence[ConsentGrant],
    *,
    granted: bool,
    source: str,
    given_at: datetime.datetime | None = None,
    request: HttpRequest | None = None,
    fresh: bool = False,
) -> list[Consent]:
    """:func:`record_consents` for many people (a public page's batch of submissions): the
    same checks for each, the statements they replace updated person by person (each one
    locked), and every new statement in one insert.

    ``fresh``: all of them were created in the caller's transaction (no lock, no update).
    """
    if source not in ConsentSource.values:
        raise ValidationError(_("Unknown consent source."))
    for g in grants:
        if not g.channels or any(channel not in Channel.values for channel in g.channels):
            raise ValidationError(_("Unknown channel."))
        if granted and not g.wording.strip():
            raise ValidationError(_("Record the wording the person agreed to."))
        _require_person_change(g.actor, g.person)
    given_at = given_at or timezone.now()
    # Checks above, writes below: an outer transaction (a public form's submission) needs no
    # savepoint of its own here.
    with transaction.atomic(savepoint=False):
        if not fresh:
            for g in grants:
                # Lock the person's row: two submissions at once must not both become current.
                Person.objects.select_for_update().filter(pk=g.person.pk).values_list("pk").first()
                Consent.objects.filter(
                    person=g.person, channel__in=g.channels, current=True
                ).update(current=False)
        made = [
            (
                g,
                Consent(
                    person=g.person,
                    channel=channel,
                    granted=granted,
                    wording=g.wording.strip(),
                    given_at=given_at,
                    source=source,
                    source_ref=g.source_ref[:100],
                    recorded_by=g.actor if isinstance(g.actor, User) else None,
                    current=True,
                ),
            )
            for g in grants
            for channel in dict.fromkeys(g.channels)
        ]
        consents = Consent.objects.bulk_create([c for _g, c in made])
        for g, consent in made:
            log_action(
                g.person,
                "outreach.consent.recorded",
                g.actor,
                {
                    "consent": consent.pk,
                    "channel": consent.channel,
                    "granted": granted,
                    "source": source,
                    "source_ref": g.source_ref[:100],
                    "given_at": given_at,
                },
                request=request,
            )
    return consents


@transaction.atomic
def suppress(
    actor: User | str | None,
    channel: str,
    address: str,
    reason: str,
    *,
    scope: str = SuppressionScope.ALL,
    person: Person | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
) -> Suppression | None:
    """Put ``address`` on the suppression list for ``channel`` (idempotent).

    A wider scope replaces a narrower one (a bounce after an unsubscribe blocks everything);
    a narrower one never narrows an existing entry. Returns ``None`` for a blank address.
    Webhooks and the unsubscribe page call this with a string actor.
    """
    if isinstance(actor, User) and not has_perm(actor, "change_people"):
        raise PermissionDenied
    if channel not in Channel.values or reason not in SuppressionReason.values:
        raise ValidationError(_("Unknown channel or reason."))
    normalised = normalise_address(channel, address)
    if not normalised:
        return None
    entry, created = Suppression.objects.select_for_update().get_or_create(
        channel=channel,
        address=normalised,
        defaults={
            "scope": scope,
            "reason": reason,
            "detail": detail[:255],
            "person": person,
            "created_by": actor if isinstance(actor, User) else None,
        },
    )
    widened = not created and entry.scope != scope and scope == SuppressionScope.ALL
    if widened:
        entry.scope, entry.reason, entry.detail = scope, reason, detail[:255]
        entry.save(update_fields=["scope", "reason", "detail"])
    if created or widened:
        # The address is personal data: the row points at the entry and the person, by id.
        log_action(
            entry,
            "outreach.suppression.added" if created else "outreach.suppression.widened",
            actor,
            {
                "channel": channel,
                "reason": reason,
                "scope": entry.scope,
                "person": person.pk if person else None,
            },
            branch_id=person.branch_id if person else None,
            request=request,
        )
    return entry


# --- opting out ---------------------------------------------------------------------------


@transaction.atomic
def unsubscribe(message: Message, *, request: HttpRequest | None = None) -> None:
    """The recipient of ``message`` unsubscribed (link or one-click POST). Idempotent.

    From a campaigning message: no more campaigning on that channel (consent withdrawn, the
    address suppressed for campaigning). From a service message: nothing more at all.
    """
    purpose = (
        message.mailing.purpose if message.mailing_id and message.mailing else Purpose.CAMPAIGNING
    )
    scope = SuppressionScope.CAMPAIGNING if purpose == Purpose.CAMPAIGNING else SuppressionScope.ALL
    person = message.person if message.person_id else None
    suppress(
        "unsubscribe",
        message.channel,
        message.address,
        SuppressionReason.UNSUBSCRIBED,
        scope=scope,
        person=person,
        detail=f"message {message.pk}",
        request=request,
    )
    if person is not None and person.erased_at is None:
        current = Consent.objects.filter(
            person=person, channel=message.channel, current=True
        ).first()
        if current is None or current.granted:
            record_consent(
                "unsubscribe",
                person,
                message.channel,
                granted=False,
                wording=str(_("Unsubscribed with the link in a message.")),
                source=ConsentSource.UNSUBSCRIBE,
                source_ref=f"message {message.pk}",
                request=request,
            )
    if message.status != MessageStatus.UNSUBSCRIBED:
        message.status = MessageStatus.UNSUBSCRIBED
        message.updated = timezone.now()
        message.save(update_fields=["status", "updated"])
