"""People who arrive from outside: a campaign sign-up or a public page submission, matched
to an existing record (email or mobile) or added as a new contact."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from commonground.accounts.models import Branch
from commonground.audit.log import log_action
from commonground.people.actions.records import AUDITED_VALUES, audit_value
from commonground.people.models import LawfulBasis, Membership, MembershipStatus, Person, Source
from commonground.people.parsing import InvalidValue, normalise_phone


def person_from_signup(
    actor: Any,
    *,
    branch: Branch,
    name: str,
    email: str,
    phone: str,
    workplace: str,
    consent: bool,
    consent_wording: str,
    consented_at: datetime | None,
    signup_id: int,
) -> Person:
    """Turn an event sign-up (``campaigns.actions.signup_to_person`` passes its fields) into
    a contact in ``branch``, or find the person it already is (same email, or same phone and
    name). ``consent``: the sign-up's lawful basis is consent, else regular contact."""
    name = " ".join(name.split())[:200]
    email = email.strip().lower()
    phone = phone.strip()
    # A number we cannot normalise is kept as written: a sign-up sheet is not the place to
    # lose it.
    with contextlib.suppress(InvalidValue):
        phone = normalise_phone(phone)
    match = None
    if email:
        match = Person.objects.filter(branch=branch, email=email).order_by("pk").first()
    if match is None and phone and name:
        match = (
            Person.objects.filter(branch=branch, phone=phone, full_name__iexact=name)
            .order_by("pk")
            .first()
        )
    wording = consent_wording
    basis = LawfulBasis.CONSENT if consent else LawfulBasis.REGULAR_CONTACT
    with transaction.atomic():
        if match is not None:
            changed = []
            if not match.lawful_basis:
                match.lawful_basis = basis
                match.consent_date = consented_at.date() if consented_at else timezone.localdate()
                match.consent_wording = wording
                changed += ["lawful_basis", "consent_date", "consent_wording"]
            if changed:
                match.save(update_fields=[*changed, "updated"])
            log_action(
                match,
                "people.person.matched_signup",
                actor,
                {"signup": signup_id, "filled": changed},
            )
            return match
        person = Person.objects.create(
            branch=branch,
            source=Source.SIGNUP,
            full_name=name,
            email=email,
            phone=phone[:32],
            workplace_text=workplace[:200],
            lawful_basis=basis,
            consent_date=consented_at.date() if consented_at else timezone.localdate(),
            consent_wording=wording,
        )
        log_action(
            person,
            "people.person.created",
            actor,
            {"source": Source.SIGNUP, "signup": signup_id},
        )
    return person


def _public_page_match(region_id: int, email: str, phone: str) -> Person | None:
    """The person a public page's submission is: same email, else same mobile, in the region.

    Members come first, so that a worker who is already a member is updated, never
    duplicated as a contact; then an email match beats a mobile one, then the oldest record.
    """
    if not email and not phone:
        return None
    same = Q(email=email) if email else Q(pk__in=[])
    if phone:
        same |= Q(phone=phone)
    member = Membership.objects.filter(person=OuterRef("pk"), status=MembershipStatus.MEMBER)
    found = list(
        Person.objects.not_erased()
        .filter(same, branch__region_id=region_id)
        .select_related("branch")  # a match keeps its branch: the submission is routed there
        .annotate(is_member=Exists(member))
        .order_by("-is_member", "pk")[:20]
    )
    if not found:
        return None
    best_member = found[0].is_member  # type: ignore[attr-defined]
    top = [p for p in found if p.is_member == best_member]  # type: ignore[attr-defined]
    by_email = [p for p in top if email and p.email == email]
    return (by_email or top)[0]


@transaction.atomic(savepoint=False)  # called inside the submission's transaction; no checks
def contact_from_public_page(
    actor: str,
    *,
    region_id: int,
    branch: Branch,
    name: str,
    email: str,
    phone: str,
    workplace_text: str,
    language: str,
    consent_wording: str,
    partner: Any = None,
    page_id: int | None = None,
) -> tuple[Person, bool]:
    """Create or update the contact behind a public page's submission; True when created.

    ``email`` and ``phone`` come normalised (``parsing.normalise_email``/``normalise_phone``).
    A match (:func:`_public_page_match`) keeps its branch and gets only what it lacks, its
    language for messages, the consent when it had no lawful basis (``consent_wording``
    blank: none given) and a follow-up due today for its branch. A new contact goes to
    ``branch``. ``actor`` names the page (there is no user).
    """
    today = timezone.localdate()
    match = _public_page_match(region_id, email, phone)
    if match is None:
        person = Person(
            branch=branch,
            source=Source.PUBLIC_PAGE,
            full_name=name[:200],
            email=email,
            phone=phone[:32],
            workplace_text=workplace_text[:200],
            preferred_language=language,
            recruited_via=partner,
            follow_up_due=today,
        )
        if consent_wording:
            person.lawful_basis = LawfulBasis.CONSENT
            person.consent_date = today
            person.consent_wording = consent_wording
        person.save()
        log_action(
            person,
            "people.person.created",
            actor,
            {
                "source": Source.PUBLIC_PAGE,
                "page": page_id,
                "lawful_basis": person.lawful_basis,
                "recruited_via": audit_value(partner),
            },
        )
        return person, True
    changed: list[str] = []

    def fill(field: str, value: Any) -> None:
        if value and not getattr(match, field):
            setattr(match, field, value)
            changed.append(field)

    fill("full_name", name[:200])
    fill("email", email)
    fill("phone", phone[:32])
    if match.location_id is None and workplace_text and match.workplace_text != workplace_text:
        # Not linked yet: what they tell us now is what the linkage engine should read.
        match.workplace_text = workplace_text[:200]
        changed.append("workplace_text")
    fill("recruited_via", partner)
    if language and match.preferred_language != language:
        match.preferred_language = language
        changed.append("preferred_language")
    if consent_wording and match.lawful_basis in ("", LawfulBasis.CONSENT):
        match.lawful_basis = LawfulBasis.CONSENT
        match.consent_date = today
        match.consent_wording = consent_wording
        changed += ["lawful_basis", "consent_date", "consent_wording"]
    if match.follow_up_due is None or match.follow_up_due > today:
        match.follow_up_due = today
        changed.append("follow_up_due")
    if changed:
        match.save(update_fields=[*changed, "updated"])
    log_action(
        match,
        "people.person.matched_public_page",
        actor,
        {
            "page": page_id,
            "filled": sorted(changed),
            **{k: audit_value(getattr(match, k)) for k in changed if k in AUDITED_VALUES},
        },
    )
    return match, False
