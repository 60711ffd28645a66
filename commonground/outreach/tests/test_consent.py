"""Consent per channel and the suppression list: who may be sent what."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commonground.accounts.models import User
from commonground.audit.models import Entry
from commonground.outreach.actions import record_consent, suppress
from commonground.outreach.consent import blocked_addresses, may_contact, why_not
from commonground.outreach.models import Consent, Suppression
from commonground.people.actions import erase_person
from commonground.people.models import Person

pytestmark = pytest.mark.django_db

WORDING = "Yes, the union may email me about its campaigns."


def reachable(channel: str, purpose: str = "campaigning") -> set[str]:
    return set(
        may_contact(Person.objects.all(), channel, purpose).values_list("full_name", flat=True)
    )


def test_it_sends_no_campaigning_email_without_consent(member_a: Person, contact_a: Person) -> None:
    assert reachable("email") == set()
    assert why_not(member_a, "email", "campaigning") == "No consent to campaigning on this channel."
    record_consent(None, contact_a, "email", granted=True, wording=WORDING, source="form")
    assert reachable("email") == {contact_a.full_name}
    assert why_not(contact_a, "email", "campaigning") is None


def test_it_keeps_service_messages_for_members_without_marketing_consent(
    member_a: Person, contact_a: Person
) -> None:
    assert reachable("email", "service") == {member_a.full_name}
    assert why_not(contact_a, "email", "service") == "Service messages go to members only."


def test_it_lets_a_withdrawal_replace_consent_and_keeps_the_evidence(
    contact_a: Person, branch_organiser_a: User
) -> None:
    record_consent(None, contact_a, "sms", granted=True, wording=WORDING, source="event")
    record_consent(
        branch_organiser_a,
        contact_a,
        "sms",
        granted=False,
        wording="Said no",
        source="conversation",
    )
    assert reachable("sms") == set()
    rows = Consent.objects.filter(person=contact_a, channel="sms")
    assert [(c.granted, c.current) for c in rows.order_by("pk")] == [(True, False), (False, True)]
    entry = Entry.objects.filter(action="outreach.consent.recorded").latest("pk")
    assert entry.data["granted"] is False and entry.actor_label == "branch_a"
    assert "Said no" not in str(entry.data)


def test_it_lets_suppression_beat_consent_and_membership(
    member_a: Person, contact_a: Person
) -> None:
    record_consent(None, member_a, "email", granted=True, wording=WORDING, source="form")
    assert reachable("email") == {member_a.full_name}
    suppress("webhook", "email", "  ADA@example.invalid ", "bounced")
    assert reachable("email") == set()
    assert reachable("email", "service") == set()
    assert why_not(member_a, "email", "service") == "The address is on the suppression list."
    assert blocked_addresses("email", "service", ["Ada@Example.invalid"]) == {"ada@example.invalid"}


def test_it_keeps_service_messages_after_a_campaigning_unsubscribe(member_a: Person) -> None:
    record_consent(None, member_a, "email", granted=True, wording=WORDING, source="form")
    suppress("unsubscribe", "email", member_a.email, "unsubscribed", scope="campaigning")
    assert reachable("email") == set()
    assert reachable("email", "service") == {member_a.full_name}
    # A bounce afterwards widens the entry: now nothing reaches the address.
    suppress("webhook", "email", member_a.email, "bounced", scope="all")
    assert Suppression.objects.get().scope == "all"
    assert reachable("email", "service") == set()
    # …and a narrower entry never narrows it again.
    suppress("unsubscribe", "email", member_a.email, "unsubscribed", scope="campaigning")
    assert Suppression.objects.get().scope == "all"


def test_it_matches_phone_suppression_however_the_number_is_written(member_a: Person) -> None:
    record_consent(None, member_a, "sms", granted=True, wording=WORDING, source="form")
    suppress("sms-webhook", "sms", "07700 900001", "stop")
    assert reachable("sms") == set()
    # Texts and calls are separate channels: STOP to a text does not stop a call.
    assert reachable("phone") == {member_a.full_name}


def test_it_lets_calls_through_unless_the_person_said_no(contact_a: Person) -> None:
    assert reachable("phone") == {contact_a.full_name}
    record_consent(None, contact_a, "phone", granted=False, wording="No calls", source="manual")
    assert reachable("phone") == set()


def test_it_never_reaches_people_without_a_basis_or_erased(
    member_a: Person, contact_a: Person, admin: User
) -> None:
    for person in (member_a, contact_a):
        record_consent(None, person, "email", granted=True, wording=WORDING, source="form")
    Person.objects.filter(pk=contact_a.pk).update(lawful_basis="")
    erase_person(admin, member_a)
    assert reachable("email") == set()
    assert not Consent.objects.filter(person=member_a).exists()


def test_it_refuses_consent_changes_out_of_scope(
    contact_a: Person, outsider_branch_b: User, viewer: User
) -> None:
    for user in (outsider_branch_b, viewer):
        with pytest.raises(PermissionDenied):
            record_consent(user, contact_a, "email", granted=True, wording=WORDING, source="form")
    with pytest.raises(ValidationError):
        record_consent(None, contact_a, "email", granted=True, wording=" ", source="form")
    with pytest.raises(ValidationError):
        record_consent(None, contact_a, "fax", granted=True, wording=WORDING, source="form")


def test_it_audits_a_suppression_without_the_address(member_a: Person) -> None:
    suppress("webhook", "email", member_a.email, "complained", person=member_a)
    suppress("webhook", "email", member_a.email, "complained", person=member_a)
    entries = Entry.objects.filter(action="outreach.suppression.added")
    assert entries.count() == 1
    assert member_a.email not in str(entries.get().data)
    assert entries.get().branch_id == member_a.branch_id
