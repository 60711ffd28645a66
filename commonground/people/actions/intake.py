"""People who arrive from outside: a campaign sign-up or a public page submission, matched
to an existing record (email or mobile) or added as a new contact."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
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


@dataclass
class PublicContact:
    """One public page submission's contact details (``email`` and ``phone`` normalised by
    ``parsing.normalise_email``/``normalise_phone``) and what comes with them. ``actor``
    names the page (there is no user); ``branch`` is where a new contact goes."""

    actor: str
    region_id: int
    branch: Branch
    name: str
    email: str
    phone: str
    workplace_text: str
    language: str
    consent_wording: str
    partner: Any = None
    page_id: int | None = None


def _public_page_matches(entries: Sequence[PublicContact]) -> list[Person | None]:
    """The person each submission is, in one query for the whole batch: same email, else same
    mobile, in the submission's region.

    Members come first, so that a worker who is already a member is updated, never
    duplicated as a contact; then an email match beats a mobile one, then the oldest record.
    """
    emails = {e.email for e in entries if e.email}
    phones = {e.phone for e in entries if e.phone}
    if not emails and not phones:
        return [None] * len(entries)
    member = Membership.objects.filter(person=OuterRef("pk"), status=MembershipStatus.MEMBER)
    found = list(
        Person.objects.not_erased()
        .filter(
            Q(email__in=emails) | Q(phone__in=phones),
            branch__region_id__in={e.region_id for e in entries},
        )
        .select_related("branch")  # a match keeps its branch: the submission is routed there
        .annotate(is_member=Exists(member))
        .order_by("-is_member", "pk")
    )
    result: list[Person | None] = []
    for e in entries:
        same = [
            p
            for p in found
            if p.branch.region_id == e.region_id
            and ((e.email and p.email == e.email) or (e.phone and p.phone == e.phone))
        ]
        if not same:
            result.append(None)
            continue
        best_member = same[0].is_member  # type: ignore[attr-defined]
        top = [p for p in same if p.is_member == best_member]  # type: ignore[attr-defined]
        by_email = [p for p in top if e.email and p.email == e.email]
        result.append((by_email or top)[0])
    return result


@transaction.atomic(savepoint=False)  # called inside the submissions' transaction; no checks
def contacts_from_public_pages(entries: Sequence[PublicContact]) -> list[tuple[Person, bool]]:
    """Create or update the contacts behind a batch of public page submissions, in order:
    each one's person and True when it was created.

    A match (:func:`_public_page_matches`, one query for the batch; a submission earlier in
    the batch counts too, so two with the same email make one contact) keeps its branch and
    gets only what it lacks, its language for messages, the consent when it had no lawful
    basis (``consent_wording`` blank: none given) and a follow-up due today for its branch.
    A new contact goes to the entry's ``branch``; new contacts are written in one insert.
    """
    today = timezone.localdate()
    matches = _public_page_matches(entries)
    seen: dict[tuple[int, str, str], Person] = {}  # (region, "email"/"phone", value)
    new: list[Person] = []
    created_by: dict[int, PublicContact] = {}  # id(new person) → the entry that made it
    results: list[tuple[Person, bool]] = []
    for e, match in zip(entries, matches, strict=True):
        earlier = (e.email and seen.get((e.region_id, "email", e.email))) or (
            e.phone and seen.get((e.region_id, "phone", e.phone))
        )
        person = earlier or match
        if person is None:
            person = Person(
                branch=e.branch,
                source=Source.PUBLIC_PAGE,
                full_name=e.name[:200],
                email=e.email,
                phone=e.phone[:32],
                workplace_text=e.workplace_text[:200],
                preferred_language=e.language,
                recruited_via=e.partner,
                follow_up_due=today,
            )
            if e.consent_wording:
                person.lawful_basis = LawfulBasis.CONSENT
                person.consent_date = today
                person.consent_wording = e.consent_wording
            new.append(person)
            created_by[id(person)] = e
            results.append((person, True))
        else:
            _update_from_public_page(person, e, today, saved=person.pk is not None)
            results.append((person, False))
        for kind, value in (("email", person.email), ("phone", person.phone)):
            if value:
                seen[(e.region_id, kind, value)] = person
    Person.objects.bulk_create(new)
    for person in new:
        e = created_by[id(person)]
        log_action(
            person,
            "people.person.created",
            e.actor,
            {
                "source": Source.PUBLIC_PAGE,
                "page": e.page_id,
                "lawful_basis": person.lawful_basis,
                "recruited_via": audit_value(person.recruited_via),
            },
        )
    return results


def _update_from_public_page(person: Person, e: PublicContact, today: date, *, saved: bool) -> None:
    """What a matched person gets from a submission (``saved``: written now, else it is a
    contact created earlier in the batch, inserted with everything later)."""
    changed: list[str] = []

    def fill(field: str, value: Any) -> None:
        if value and not getattr(person, field):
            setattr(person, field, value)
            changed.append(field)

    fill("full_name", e.name[:200])
    fill("email", e.email)
    fill("phone", e.phone[:32])
    if (
        person.location_id is None
        and e.workplace_text
        and person.workplace_text != e.workplace_text
    ):
        # Not linked yet: what they tell us now is what the linkage engine should read.
        person.workplace_text = e.workplace_text[:200]
        changed.append("workplace_text")
    fill("recruited_via", e.partner)
    if e.language and person.preferred_language != e.language:
        person.preferred_language = e.language
        changed.append("preferred_language")
    if e.consent_wording and person.lawful_basis in ("", LawfulBasis.CONSENT):
        person.lawful_basis = LawfulBasis.CONSENT
        person.consent_date = today
        person.consent_wording = e.consent_wording
        changed += ["lawful_basis", "consent_date", "consent_wording"]
    if person.follow_up_due is None or person.follow_up_due > today:
        person.follow_up_due = today
        changed.append("follow_up_due")
    if not saved:
        return
    if changed:
        person.save(update_fields=[*dict.fromkeys(changed), "updated"])
    log_action(
        person,
        "people.person.matched_public_page",
        e.actor,
        {
            "page": e.page_id,
            "filled": sorted(set(changed)),
            **{k: audit_value(getattr(person, k)) for k in changed if k in AUDITED_VALUES},
        },
    )
