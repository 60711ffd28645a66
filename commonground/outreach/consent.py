"""Who may be sent what, on which channel: the rules behind :func:`may_contact`.

``Person.objects.outreach_ok()`` stays the one definition of "may be contacted" (a lawful
basis recorded, not erased, docs/decisions.md); ``may_contact`` adds, for a channel and a
purpose, these rules, in this order of strength:

1. **Suppression beats everything.** An address on the suppression list for the channel is
   never sent to: a suppression for every message blocks service messages too; one from
   unsubscribing from campaigning blocks campaigning only.
2. **Service messages** (union business: ballots, AGM notices, changes to membership) go to
   members only, with no marketing consent needed (PECR does not cover them).
3. **Campaigning by email or text** needs the person's current consent for that channel
   (PECR regulation 22). **Campaigning calls** are live calls: allowed unless the person
   withdrew consent for calls.

The send pipeline chooses recipients through ``outreach_ok`` and checks every batch again
with :func:`blocked_addresses` just before it leaves, so a suppression recorded while a send
is running still wins.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from commonground.outreach.models import (
    Channel,
    Consent,
    Purpose,
    Suppression,
    SuppressionScope,
)
from commonground.people.models import MembershipStatus, Person, PersonQuerySet
from commonground.people.parsing import InvalidValue, normalise_phone

# Campaigning on these channels needs consent (PECR reg. 22: electronic mail, texts included).
CONSENT_REQUIRED = frozenset({Channel.EMAIL, Channel.SMS})
ADDRESS_FIELD = {Channel.EMAIL: "email", Channel.SMS: "phone", Channel.PHONE: "phone"}


def normalise_address(channel: str, raw: str) -> str:
    """How an address is stored on the suppression list and compared."""
    value = (raw or "").strip()
    if channel == Channel.EMAIL:
        return value.lower()
    try:
        return normalise_phone(value)
    except InvalidValue:
        # Not a number we can read: compare its digits, so a suppression still matches itself.
        return "".join(ch for ch in value if ch.isdigit() or ch == "+")


def blocking_scopes(purpose: str) -> list[str]:
    """Suppression scopes that stop a message of ``purpose``."""
    if purpose == Purpose.SERVICE:
        return [SuppressionScope.ALL]
    return [SuppressionScope.ALL, SuppressionScope.CAMPAIGNING]


def may_contact(
    people: QuerySet[Person], channel: str, purpose: str = Purpose.CAMPAIGNING
) -> QuerySet[Person]:
    """Those of ``people`` who may be sent a ``purpose`` message on ``channel``: the one
    rule for every outreach list (mailings, call and text banks, the reachable filter).

    People who may be contacted at all (``Person.objects.outreach_ok()``: a lawful basis,
    not erased), with an address on the channel, its consent and no suppression.
    """
    if not isinstance(people, PersonQuerySet):
        raise TypeError("may_contact needs a queryset of Person.objects")
    return channel_rules(people.outreach_ok(), channel, purpose)


def channel_rules(qs: QuerySet[Person], channel: str, purpose: str) -> QuerySet[Person]:
    """Narrow people who may be contacted at all to those reachable on ``channel`` for
    ``purpose``. Called by :func:`may_contact` only."""
    if channel not in ADDRESS_FIELD or purpose not in Purpose.values:
        raise ValueError(f"unknown channel or purpose: {channel!r}, {purpose!r}")
    field = ADDRESS_FIELD[Channel(channel)]
    qs = qs.exclude(**{field: ""})
    if purpose == Purpose.SERVICE:
        qs = qs.filter(membership__status=MembershipStatus.MEMBER)
    else:
        current = Consent.objects.filter(person=OuterRef("pk"), channel=channel, current=True)
        if channel in CONSENT_REQUIRED:
            qs = qs.filter(Exists(current.filter(granted=True)))
        else:
            qs = qs.exclude(Exists(current.filter(granted=False)))
    outer = Lower(OuterRef(field)) if channel == Channel.EMAIL else OuterRef(field)
    suppressed = Suppression.objects.filter(
        channel=channel, scope__in=blocking_scopes(purpose), address=outer
    )
    return qs.exclude(Exists(suppressed))


def blocked_addresses(channel: str, purpose: str, addresses: Iterable[str]) -> set[str]:
    """The normalised addresses among ``addresses`` that the suppression list blocks."""
    wanted = {normalise_address(channel, a) for a in addresses if a}
    if not wanted:
        return set()
    found: set[str] = set()
    chunk = sorted(wanted)
    for start in range(0, len(chunk), 900):  # SQLite's variable limit
        found.update(
            Suppression.objects.filter(
                channel=channel,
                scope__in=blocking_scopes(purpose),
                address__in=chunk[start : start + 900],
            ).values_list("address", flat=True)
        )
    return found


def current_consents(person: Person) -> dict[str, Consent]:
    """The person's current consent statement per channel (absent: never asked)."""
    return {c.channel: c for c in Consent.objects.filter(person=person, current=True)}


def why_not(person: Person, channel: str, purpose: str) -> str | None:
    """Why ``person`` may not be sent a ``purpose`` message on ``channel`` (``None``: they may).

    Uses the same rules as :func:`channel_rules`; the reason is for the organiser's screen.
    """
    if may_contact(Person.objects.filter(pk=person.pk), channel, purpose).exists():
        return None
    field = ADDRESS_FIELD[Channel(channel)]
    if person.erased_at is not None:
        return _("This person was erased.")
    if not person.lawful_basis:
        return _("No lawful basis is recorded.")
    address = getattr(person, field)
    if not address:
        return _("No email address.") if channel == Channel.EMAIL else _("No phone number.")
    if blocked_addresses(channel, purpose, [address]):
        return _("The address is on the suppression list.")
    if purpose == Purpose.SERVICE:
        return _("Service messages go to members only.")
    if channel in CONSENT_REQUIRED:
        return _("No consent to campaigning on this channel.")
    return _("They asked not to be called.")
