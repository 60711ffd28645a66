"""Every write to people that matters: permission and scope, atomic write, audit row.

Views, the importer's callers, the linkage engine and campaigns call these; nothing else
saves a Person, Assessment, Conversation or WorkplaceRole.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.accounts.models import Branch, Role, User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.people import personal_data
from commonground.people.access import branches_for_people, people_visible_to
from commonground.people.models import (
    Assessment,
    Conversation,
    LawfulBasis,
    Membership,
    MembershipStatus,
    Person,
    RoleKind,
    Source,
    WorkplaceRole,
)
from commonground.people.parsing import InvalidValue, normalise_phone
from commonground.register.models import Location, Provider

# Fields a person's form may change (membership is synced from the extract, never typed).
EDITABLE = (
    "full_name",
    "phone",
    "email",
    "postcode",
    "languages",
    "preferred_language",
    "job_title",
    "employer_text",
    "workplace_text",
    "location",
    "employment_type",
    "immigration_details",
    "shift",
    "unit",
    "lawful_basis",
    "consent_date",
    "consent_wording",
    "recruited_via",
)
SENSITIVE = ("employment_type", "immigration_details")
# Fields whose values the audit trail may hold: they say nothing about who the person is.
# Every other field is logged by name only ("(changed)"): audit rows cannot be edited, so a
# value written there would outlive the person's erasure (docs/decisions.md).
AUDITED_VALUES = frozenset({"location", "lawful_basis", "consent_date", "recruited_via"})


def _require_change(actor: User, person: Person | None = None) -> None:
    if not has_perm(actor, "change_people"):
        raise PermissionDenied
    if person is not None and person.erased_at is not None:
        # An erased record is a placeholder that keeps counts right; nothing is added to it.
        raise PermissionDenied
    if person is not None and not people_visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied


def _shown(value: Any) -> Any:
    if isinstance(value, models.Model):  # a workplace, employer or partner: its id
        return value.pk
    return value


@transaction.atomic
def add_contact(
    actor: User,
    *,
    branch: Branch,
    values: dict[str, Any],
    source: str = Source.MANUAL,
    request: HttpRequest | None = None,
) -> Person:
    """Add a person (usually a non-member contact) to ``branch`` by hand or from a sign-up."""
    if not has_perm(actor, "change_people"):
        raise PermissionDenied
    if not branches_for_people(actor).filter(pk=branch.pk).exists():
        raise PermissionDenied
    fields = {k: v for k, v in values.items() if k in EDITABLE}
    if actor.role == Role.REP and not actor.is_admin:
        # Reps work only at their assigned workplaces: a contact they add must be there.
        location = fields.get("location")
        if location is None or not actor.workplaces.filter(pk=location.pk).exists():
            raise PermissionDenied
        for name in SENSITIVE:
            fields.pop(name, None)
    person = Person(branch=branch, source=source, **fields)
    person.full_clean(exclude=["branch", "location", "provider"])
    person.save()
    logged = {k: _shown(v) for k, v in fields.items() if k in AUDITED_VALUES}
    log_action(
        person,
        "people.person.created",
        actor,
        {"source": source, "fields": sorted(k for k, v in fields.items() if v), **logged},
        request=request,
    )
    return person


@transaction.atomic
def update_person(
    actor: User, person: Person, changes: dict[str, Any], *, request: HttpRequest | None = None
) -> list[str]:
    """Change a person's details; returns the changed field names (audited, values redacted
    for the sensitive ones)."""
    _require_change(actor, person)
    allowed = (
        EDITABLE
        if actor.is_admin or actor.role != Role.REP
        else tuple(f for f in EDITABLE if f not in SENSITIVE)
    )
    changed: list[str] = []
    data: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in allowed:
            continue
        old = getattr(person, name)
        if old != value:
            setattr(person, name, value)
            changed.append(name)
            data[name] = (
                {"from": _shown(old), "to": _shown(value)}
                if name in AUDITED_VALUES
                else "(changed)"
            )
    if changed:
        if "location" in changed:
            person.link_method = "manual"
            person.link_score = None
            changed += ["link_method", "link_score"]
        person.save(update_fields=[*changed, "updated"])
        log_action(person, "people.person.changed", actor, data, request=request)
    return changed


@transaction.atomic
def record_assessment(
    actor: User,
    person: Person,
    value: int,
    note: str = "",
    *,
    at: datetime | None = None,
    request: HttpRequest | None = None,
) -> Assessment:
    """Add an assessment (0 = unassessed, 1–5) to the history and make it current."""
    _require_change(actor, person)
    if value not in range(6):
        raise ValidationError(_("An assessment is 1 to 5, or 0 for unassessed."))
    at = at or timezone.now()
    assessment = Assessment.objects.create(person=person, value=value, by=actor, at=at, note=note)
    previous = person.assessment
    person.assessment = value
    person.assessed_at = at
    person.save(update_fields=["assessment", "assessed_at", "updated"])
    log_action(
        person,
        "people.assessment.recorded",
        actor,
        {"from": previous, "to": value, "assessment": assessment.pk},
        request=request,
    )
    return assessment


@transaction.atomic
def log_conversation(
    actor: User,
    person: Person,
    *,
    at: datetime | None = None,
    issues: list[str] | None = None,
    outcome: str = "",
    next_step: str = "",
    follow_up: date | None = None,
    notes: str = "",
    close_follow_ups: bool = False,
    request: HttpRequest | None = None,
) -> Conversation:
    """Log a one-to-one, with its follow-up if any.

    Earlier follow-ups stay open unless ``close_follow_ups`` says this conversation was the
    follow-up due (``Person.follow_up_due``; the form asks, nothing is closed silently): that
    one and any due before it are closed. ``Person.follow_up_due`` becomes the earliest
    follow-up still open.
    """
    _require_change(actor, person)
    at = at or timezone.now()
    conversation = Conversation.objects.create(
        person=person,
        at=at,
        by=actor,
        issues=[i.strip() for i in issues or [] if i.strip()],
        outcome=outcome,
        next_step=next_step,
        follow_up=follow_up,
        notes=notes,
    )
    closed = 0
    if close_follow_ups:
        # The follow-up that was shown as due (the earliest open one), and any before it.
        due = person.follow_up_due
        earlier = Q(follow_up__isnull=True) | Q(follow_up__lte=due) if due else Q()
        closed = (
            Conversation.objects.filter(earlier, person=person, follow_up_done=False)
            .exclude(pk=conversation.pk)
            .update(follow_up_done=True)
        )
    if person.last_contacted is None or at >= person.last_contacted:
        person.last_contacted = at
    person.follow_up_due = _earliest_open_follow_up(person)
    if not person.lawful_basis:
        # Someone we are in regular conversation with; consent can still be recorded later.
        person.lawful_basis = LawfulBasis.REGULAR_CONTACT
    person.save(update_fields=["last_contacted", "follow_up_due", "lawful_basis", "updated"])
    log_action(
        person,
        "people.conversation.logged",
        actor,
        {
            "conversation": conversation.pk,
            "outcome": outcome,
            "issues": conversation.issues,
            "follow_up": follow_up,
            "follow_ups_closed": closed,
        },
        request=request,
    )
    return conversation


def _earliest_open_follow_up(person: Person) -> date | None:
    return (
        Conversation.objects.filter(person=person, follow_up_done=False, follow_up__isnull=False)
        .order_by("follow_up")
        .values_list("follow_up", flat=True)
        .first()
    )


@transaction.atomic
def record_one_to_one(
    actor: User,
    person: Person,
    *,
    assessment: int | None = None,
    issues: list[str] | None = None,
    outcome: str = "",
    next_step: str = "",
    follow_up: date | None = None,
    notes: str = "",
    close_follow_ups: bool = False,
    request: HttpRequest | None = None,
) -> tuple[Assessment | None, Conversation | None]:
    """What one save of the person page's one-to-one form records, all or nothing: a new
    assessment when it changed, and the conversation when anything was said about it (or
    earlier follow-ups are being closed)."""
    recorded = None
    if assessment is not None and assessment != person.assessment:
        recorded = record_assessment(actor, person, assessment, request=request)
    said = any((issues, outcome, next_step, follow_up, notes))
    conversation = None
    if said or close_follow_ups:
        conversation = log_conversation(
            actor,
            person,
            issues=issues,
            outcome=outcome,
            next_step=next_step,
            follow_up=follow_up,
            notes=notes,
            close_follow_ups=close_follow_ups,
            request=request,
        )
    return recorded, conversation


@transaction.atomic
def set_workplace_role(
    actor: User,
    person: Person,
    role: str,
    *,
    active: bool = True,
    request: HttpRequest | None = None,
) -> WorkplaceRole | None:
    """Give (or end) a workplace role such as rep or steward, at the person's workplace."""
    _require_change(actor, person)
    if role not in RoleKind.values:
        raise ValidationError(_("Unknown role."))
    current = WorkplaceRole.objects.filter(person=person, role=role, ended__isnull=True).first()
    if active:
        if current is not None:
            return current
        current = WorkplaceRole.objects.create(
            person=person, role=role, location=person.location, since=timezone.localdate()
        )
        log_action(person, "people.role.set", actor, {"role": role}, request=request)
        return current
    if current is not None:
        current.ended = timezone.localdate()
        current.save(update_fields=["ended"])
        log_action(person, "people.role.ended", actor, {"role": role}, request=request)
    return None


@transaction.atomic
def mark_follow_up_done(actor: User, person: Person, *, request: HttpRequest | None = None) -> None:
    _require_change(actor, person)
    Conversation.objects.filter(person=person, follow_up_done=False).update(follow_up_done=True)
    person.follow_up_due = None
    person.save(update_fields=["follow_up_due", "updated"])
    log_action(person, "people.follow_up.done", actor, {}, request=request)


@transaction.atomic
def merge_people(
    actor: User, keep: Person, drop: Person, *, request: HttpRequest | None = None
) -> Person:
    """Merge ``drop`` into ``keep``: every assessment, conversation and role moves across,
    blank details are filled from ``drop``, then ``drop`` is removed.

    Audit rows are append-only, so ``drop``'s history stays; the merge row names it.
    """
    if not has_perm(actor, "merge_people") or keep.pk == drop.pk:
        raise PermissionDenied
    if keep.erased_at is not None or drop.erased_at is not None:
        raise PermissionDenied
    visible = people_visible_to(actor).filter(pk__in=[keep.pk, drop.pk])
    if visible.count() != 2:
        raise PermissionDenied
    filled: list[str] = []
    for name in EDITABLE:
        if name == "location":
            if keep.location_id is None and drop.location_id is not None:
                keep.location_id = drop.location_id
                filled.append("location")
            continue
        if not getattr(keep, name) and getattr(drop, name):
            setattr(keep, name, getattr(drop, name))
            filled.append(name)
    moved = {
        "assessments": Assessment.objects.filter(person=drop).update(person=keep),
        "conversations": Conversation.objects.filter(person=drop).update(person=keep),
    }
    roles = 0
    for role in WorkplaceRole.objects.filter(person=drop):
        if (
            role.ended is None
            and WorkplaceRole.objects.filter(
                person=keep, role=role.role, ended__isnull=True
            ).exists()
        ):
            continue
        role.person = keep
        role.save(update_fields=["person"])
        roles += 1
    moved["roles"] = roles
    drop_membership = Membership.objects.filter(person=drop).first()
    if drop_membership is not None and not Membership.objects.filter(person=keep).exists():
        values = {
            f.name: getattr(drop_membership, f.name)
            for f in Membership._meta.concrete_fields
            if f.name not in ("person",)
        }
        drop_membership.delete()
        Membership.objects.create(person=keep, **values)
        filled.append("membership")
    # Recompute the denormalised values from the merged history.
    latest = Assessment.objects.filter(person=keep).order_by("-at", "-pk").first()
    if latest is not None:
        keep.assessment, keep.assessed_at = latest.value, latest.at
    last = Conversation.objects.filter(person=keep).order_by("-at").first()
    if last is not None:
        keep.last_contacted = last.at
    open_follow_up = (
        Conversation.objects.filter(person=keep, follow_up_done=False, follow_up__isnull=False)
        .order_by("follow_up")
        .first()
    )
    keep.follow_up_due = open_follow_up.follow_up if open_follow_up else keep.follow_up_due
    keep.import_hash = ""  # the next import rewrites the merged record from the extract
    keep.save()
    drop_pk = drop.pk
    log_action(
        keep,
        "people.person.merged",
        actor,
        {"merged": drop_pk, "filled": filled, "moved": moved},
        request=request,
    )
    drop.delete()
    return keep


@transaction.atomic
def link_person_to_location(
    actor: Any,
    person: Person,
    location: Location | None = None,
    provider: Provider | None = None,
    *,
    method: str,
    score: float | None = None,
) -> Person:
    """Record which register location (and/or provider) a person works at.

    Called by the linkage engine (``actor`` may be ``None``/a string for the system) and by
    people's own forms. ``method`` says how: "auto", "confirmed", "manual", ….
    """
    if actor is not None and isinstance(actor, User):
        _require_change(actor, person)
    if provider is None and location is not None and location.provider_id is not None:
        provider = location.provider
    before = {"location": person.location_id, "provider": person.provider_id}
    person.location = location
    person.provider = provider
    person.link_method = method[:30]
    person.link_score = score
    person.save(update_fields=["location", "provider", "link_method", "link_score", "updated"])
    log_action(
        person,
        "people.person.linked",
        actor,
        {
            "from": before,
            "to": {"location": person.location_id, "provider": person.provider_id},
            "method": method,
            "score": score,
        },
    )
    return person


# Wiped by erasure: everything that says who the person is or what they told us. Kept: the
# branch, workplace link, membership status and dates, roles, assessment values and the
# dates of contact, so that density, membership and campaign counts do not move.
ERASED_BLANK = (
    "full_name",
    "phone",
    "email",
    "postcode",
    "preferred_language",
    "job_title",
    "employer_text",
    "workplace_text",
    "employment_type",
    "immigration_details",
    "shift",
    "unit",
    "lawful_basis",
    "consent_wording",
    "external_id",
    "import_hash",
)


def erase_person(
    actor: Any,
    person: Person,
    *,
    reason: str = "request",
    request: HttpRequest | None = None,
    audit: bool = True,
) -> dict[str, Any]:
    """Erase (anonymise) a person and everything that identifies them; returns what was wiped.

    ``actor`` is a user with ``erase_people`` (a request for erasure) or, for retention, a
    string naming the command (``audit=False``: the purge writes one summary row per rule).
    Callers run it inside a transaction (the view and the purge rule do).
    """
    if isinstance(actor, User) and not has_perm(actor, "erase_people"):
        raise PermissionDenied
    if person.erased_at is not None:
        return {}
    # Every app first (linkage reads the person's name to find aliases that identify them),
    # then the person's own fields.
    wiped: dict[str, Any] = {}
    for entry in personal_data.entries():
        wiped.update(entry.erase(person))
    for name in ERASED_BLANK:
        setattr(person, name, "")
    person.languages = []
    person.consent_date = None
    person.follow_up_due = None
    person.erased_at = timezone.now()
    person.save()
    if audit:
        log_action(
            person,
            "people.person.erased",
            actor,
            {"reason": reason, "wiped": wiped},
            request=request,
        )
    return wiped


def erase_people_for_retention(actor: str, ids: list[int], *, reason: str) -> int:
    """Erase many people for a retention rule; the rule writes the one summary audit row."""
    erased = 0
    for person in Person.objects.not_erased().filter(pk__in=ids).iterator(chunk_size=500):
        erase_person(actor, person, reason=reason, audit=False)
        erased += 1
    return erased


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
                "recruited_via": _shown(partner),
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
            **{k: _shown(getattr(match, k)) for k in changed if k in AUDITED_VALUES},
        },
    )
    return match, False
