"""Writes to one person's record: add, edit, assess, converse, roles, follow-ups, merge,
workplace link. Each checks permission and scope, writes atomically and audits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.accounts.models import Branch, Role, User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import deferred, log_action
from commonground.lib import datacache
from commonground.lib.bulk import update_rows
from commonground.people.access import branches_for_people, people_visible_to
from commonground.people.models import (
    Assessment,
    Conversation,
    LawfulBasis,
    Membership,
    Person,
    RoleKind,
    Source,
    WorkplaceRole,
)
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


def require_change(actor: User, person: Person | None = None) -> None:
    if not has_perm(actor, "change_people"):
        raise PermissionDenied
    if person is not None and person.erased_at is not None:
        # An erased record is a placeholder that keeps counts right; nothing is added to it.
        raise PermissionDenied
    if person is not None and not people_visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied


def audit_value(value: Any) -> Any:
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
    logged = {k: audit_value(v) for k, v in fields.items() if k in AUDITED_VALUES}
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
    require_change(actor, person)
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
                {"from": audit_value(old), "to": audit_value(value)}
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
    require_change(actor, person)
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
    require_change(actor, person)
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
    require_change(actor, person)
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
    require_change(actor, person)
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
    link_people_to_locations(actor, [WorkplaceLink(person, location, provider, method, score)])
    return person


@dataclass(frozen=True)
class WorkplaceLink:
    """One person's link for :func:`link_people_to_locations`."""

    person: Person
    location: Location | None
    provider: Provider | None
    method: str
    score: float | None = None


@transaction.atomic
def link_people_to_locations(actor: Any, links: Sequence[WorkplaceLink]) -> None:
    """:func:`link_person_to_location` for many people (a linking run's chunk, a public page's
    batch): the same check for each, one update for all of them, one audit row each (appended
    together).

    The provider is the location's when none is given. Cached density figures are made stale
    once (``lib.datacache``), as saving a person would."""
    if isinstance(actor, User):
        for link in links:
            require_change(actor, link.person)
    now = timezone.now()
    people: list[Person] = []
    with deferred():  # the audit rows in one chained append (with the caller's, if any)
        for link in links:
            person, location, provider = link.person, link.location, link.provider
            if provider is None and location is not None and location.provider_id is not None:
                provider = location.provider
            before = {"location": person.location_id, "provider": person.provider_id}
            person.location = location
            person.provider = provider
            person.link_method = link.method[:30]
            person.link_score = link.score
            person.updated = now
            people.append(person)
            log_action(
                person,
                "people.person.linked",
                actor,
                {
                    "from": before,
                    "to": {"location": person.location_id, "provider": person.provider_id},
                    "method": link.method,
                    "score": link.score,
                },
            )
        update_rows(
            Person, people, ["location", "provider", "link_method", "link_score", "updated"]
        )
    if people:
        datacache.changed("people")
