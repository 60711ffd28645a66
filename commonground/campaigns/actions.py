"""Every write to campaigns, goals, events and sign-ups: one audited verb each (docs/style.md §3)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from commonground.accounts.models import Branch, User
from commonground.accounts.permissions import has_perm
from commonground.alliances.models import Partner
from commonground.audit.log import log_action
from commonground.campaigns.access import campaigns_writable_by, signup_branches
from commonground.campaigns.models import Campaign, Event, EventSignup, Goal, SignupLawfulBasis
from commonground.people.actions import person_from_signup

HELD_TOO_EARLY = _lazy("An event can be marked held once it has started.")


def _require(actor: User | None, perm: str) -> None:
    if actor is not None and not has_perm(actor, perm):
        raise PermissionDenied


def _unique_slug(name: str) -> str:
    base = slugify(name)[:40] or "campaign"
    slug, n = base, 1
    while Campaign.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _changes(before: dict[str, Any], obj: Any) -> dict[str, Any]:
    return {
        f: {"from": str(v), "to": str(getattr(obj, f))}
        for f, v in before.items()
        if v != getattr(obj, f)
    }


@transaction.atomic
def save_campaign(
    actor: User | None,
    campaign: Campaign,
    *,
    branches: Any = None,
    charters: Any = None,
    previous: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Campaign:
    """Create (no pk yet) or update a campaign with its branches and charters."""
    _require(actor, "change_campaigns")
    creating = campaign.pk is None
    if creating:
        campaign.slug = campaign.slug or _unique_slug(campaign.name)
        campaign.created_by = actor
        campaign.save()
    changes = {} if creating else _changes(previous or {}, campaign)
    if changes:
        campaign.save(update_fields=list(changes))
    if branches is not None:
        old = set(campaign.branches.values_list("pk", flat=True))
        campaign.branches.set(branches)
        new = set(campaign.branches.values_list("pk", flat=True))
        if old != new and not creating:
            changes["branches"] = {"from": sorted(old), "to": sorted(new)}
    if charters is not None:
        old = set(campaign.charters.values_list("pk", flat=True))
        campaign.charters.set(charters)
        new = set(campaign.charters.values_list("pk", flat=True))
        if old != new and not creating:
            changes["charters"] = {"from": sorted(old), "to": sorted(new)}
    if creating:
        log_action(
            campaign, "campaigns.campaign.created", actor, {"name": campaign.name}, request=request
        )
    elif changes:
        log_action(
            campaign, "campaigns.campaign.changed", actor, {"changes": changes}, request=request
        )
    return campaign


@transaction.atomic
def save_goal(
    actor: User | None,
    goal: Goal,
    *,
    m2m: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Goal:
    """Add or change a goal. Its progress is computed by ``campaigns.metrics``."""
    _require(actor, "change_campaigns")
    creating = goal.pk is None
    goal.save()
    for name, values in (m2m or {}).items():
        getattr(goal, name).set(values)
    log_action(
        goal.campaign,
        "campaigns.goal.created" if creating else "campaigns.goal.changed",
        actor,
        {"goal": goal.pk, "metric": goal.metric, "target": str(goal.target_value)},
        request=request,
    )
    return goal


@transaction.atomic
def delete_goal(actor: User | None, goal: Goal, *, request: HttpRequest | None = None) -> None:
    _require(actor, "change_campaigns")
    campaign = goal.campaign
    data = {"goal": goal.pk, "metric": goal.metric, "label": str(goal)}
    goal.delete()
    log_action(campaign, "campaigns.goal.deleted", actor, data, request=request)


@transaction.atomic
def save_event(
    actor: User | None,
    event: Event,
    *,
    organisers: Any = None,
    previous: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Event:
    """Create or update an event (outcomes, head count and "held" are recorded here too)."""
    _require(actor, "change_campaigns")
    if event.held_before_it_starts():
        raise ValidationError(HELD_TOO_EARLY)
    creating = event.pk is None
    changes = {} if creating else _changes(previous or {}, event)
    event.save()
    if organisers is not None:
        event.organisers.set(organisers)
    if creating:
        log_action(
            event,
            "campaigns.event.created",
            actor,
            {"title": event.title, "kind": event.kind, "starts_at": event.starts_at},
            request=request,
        )
    elif changes:
        log_action(event, "campaigns.event.changed", actor, {"changes": changes}, request=request)
    return event


@transaction.atomic
def record_signup(
    actor: User | None,
    event: Event,
    *,
    name: str,
    email: str = "",
    phone: str = "",
    workplace: str = "",
    lawful_basis: str,
    consent_wording: str,
    consented_at: datetime.datetime | None = None,
    attended: bool = True,
    branch: Branch | None = None,
    request: HttpRequest | None = None,
) -> EventSignup:
    """Record a new contact who signed up at an event, with the consent they gave.

    The sign-up belongs to the event's branch; at an event of several branches, to ``branch``
    (one of the event's branches the recorder works with; chosen for them when there is only
    one). Like people, it is seen by that branch's organisers only. It is handed to the people
    module after the transaction commits (see :func:`signup_to_person`).
    """
    _require(actor, "change_campaigns")
    branch = signup_branch(actor, event, branch)
    if not (email or phone):
        raise ValidationError(_("Give an email address or a phone number."))
    if not consent_wording.strip():
        raise ValidationError(_("Record the consent wording the person agreed to."))
    signup = EventSignup.objects.create(
        event=event,
        name=name,
        email=email,
        phone=phone,
        workplace=workplace,
        lawful_basis=lawful_basis,
        consent_wording=consent_wording,
        consented_at=consented_at or timezone.now(),
        attended=attended,
        branch=branch,
        created_by=actor,
    )
    # No name or contact details in the audit row: the row points at the sign-up.
    log_action(
        signup,
        "campaigns.eventsignup.created",
        actor,
        {"event": event.pk, "lawful_basis": lawful_basis},
        branch_id=branch.pk,
        request=request,
    )
    signup_id = signup.pk
    transaction.on_commit(lambda: _convert_later(signup_id, actor))
    return signup


def _convert_later(signup_id: int, actor: User | None) -> None:
    signup = EventSignup.objects.filter(pk=signup_id, person__isnull=True).first()
    if signup is not None:
        signup_to_person(signup, actor)


def signup_branch(actor: User | None, event: Event, chosen: Branch | None) -> Branch:
    """The branch a new sign-up at ``event`` belongs to (see :func:`record_signup`)."""
    if event.branch is not None:
        return event.branch
    if actor is None:  # the system (demo data, imports): any of the event's branches
        choices = list(event.campaign.branches.order_by("code"))
    else:
        choices = list(signup_branches(actor, event))
    if chosen is None and len(choices) == 1:
        return choices[0]
    if chosen is None or chosen not in choices:
        raise ValidationError(
            {"branch": _("Choose the branch this person belongs with (one of the event's).")}
        )
    return chosen


def signup_to_person(signup: EventSignup, actor: User | None = None) -> int:
    """Hand an event sign-up to the people app: a new contact (or the person it already is)
    in the event's branch, else the campaign's first branch; records the person on the
    sign-up and audits the hand-over. Returns the person's id."""
    event = signup.event
    branch = signup.branch or event.branch or event.campaign.branches.order_by("code").first()
    if branch is None:
        raise ValidationError(_("The sign-up's event has no branch to add the person to."))
    with transaction.atomic():
        person = person_from_signup(
            actor,
            branch=branch,
            name=signup.name,
            email=signup.email,
            phone=signup.phone,
            workplace=signup.workplace,
            consent=signup.lawful_basis == SignupLawfulBasis.CONSENT,
            consent_wording=signup.consent_wording,
            consented_at=signup.consented_at,
            signup_id=signup.pk,
        )
        signup.person = person
        signup.converted_at = timezone.now()
        signup.save(update_fields=["person", "converted_at"])
        log_action(
            signup,
            "campaigns.eventsignup.converted",
            actor,
            {"person": person.pk},
            branch_id=branch.pk,
        )
    return int(person.pk)


@transaction.atomic
def link_partner(
    actor: User,
    campaign: Campaign,
    partner: Partner,
    *,
    linked: bool = True,
    request: HttpRequest | None = None,
) -> None:
    """Name (or stop naming) a partner from Alliances as working on the campaign."""
    _require(actor, "change_campaigns")
    if campaign.region_id != partner.region_id:
        raise PermissionDenied
    if not campaigns_writable_by(actor).filter(pk=campaign.pk).exists():
        raise PermissionDenied
    present = campaign.alliance_partners.filter(pk=partner.pk).exists()
    if linked == present:
        return
    if linked:
        campaign.alliance_partners.add(partner)
    else:
        campaign.alliance_partners.remove(partner)
    log_action(
        campaign,
        "campaigns.campaign.partner_linked" if linked else "campaigns.campaign.partner_unlinked",
        actor,
        {"partner": partner.pk},
        request=request,
    )
