"""Scoped fetches for campaigns, events and event sign-ups (docs/style.md §3).

Campaigns, goals and events are region-wide organising records with no members' data: anyone
with ``view_campaigns`` in the region sees them. Changing them is for regional organisers (the
whole region) and branch organisers (campaigns their branches run, events their branches
hold). Event sign-ups are personal data and follow the people scope: each belongs to a branch
(the event's, or at an event of several branches the one chosen when signing up), only those
who may see that branch's people see it, and each view is audited.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from commonground.accounts.access import branch_ids_for_people, branches_visible_to
from commonground.accounts.models import Branch, Role, User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.campaigns.models import Campaign, Event, EventSignup


def campaigns_visible_to(user: User) -> QuerySet[Campaign]:
    if not has_perm(user, "view_campaigns"):
        return Campaign.objects.none()
    if user.is_admin:
        return Campaign.objects.all()
    if not user.region_id:
        return Campaign.objects.none()
    return Campaign.objects.filter(region_id=user.region_id)


def campaigns_writable_by(user: User) -> QuerySet[Campaign]:
    qs = campaigns_visible_to(user)
    if not has_perm(user, "change_campaigns"):
        return qs.none()
    if user.is_admin or user.role == Role.REGIONAL_ORGANISER:
        return qs
    return qs.filter(branches__in=user.branches.all()).distinct()


def get_campaign_for_user(user: User, slug: str, *, write: bool = False) -> Campaign:
    if write and not has_perm(user, "change_campaigns"):
        raise PermissionDenied
    qs = campaigns_writable_by(user) if write else campaigns_visible_to(user)
    try:
        return qs.get(slug=slug)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc


def events_visible_to(user: User) -> QuerySet[Event]:
    return Event.objects.filter(campaign__in=campaigns_visible_to(user)).select_related(
        "campaign", "council", "branch"
    )


def events_writable_by(user: User) -> QuerySet[Event]:
    if not has_perm(user, "change_campaigns"):
        return Event.objects.none()
    qs = events_visible_to(user)
    if user.is_admin or user.role == Role.REGIONAL_ORGANISER:
        return qs
    mine = user.branches.all()
    return qs.filter(
        Q(branch__in=mine) | Q(branch__isnull=True, campaign__branches__in=mine)
    ).distinct()


def can_change_event(user: User, event: Event) -> bool:
    return events_writable_by(user).filter(pk=event.pk).exists()


def get_event_for_user(user: User, pk: int, *, write: bool = False) -> Event:
    if write and not has_perm(user, "change_campaigns"):
        raise PermissionDenied
    qs = events_writable_by(user) if write else events_visible_to(user)
    try:
        return qs.get(pk=pk)
    except Event.DoesNotExist as exc:
        raise Http404 from exc


def can_see_signups(user: User, event: Event) -> bool:
    """Sign-ups are people: only those who may see people in the event's branch."""
    if not has_perm(user, "view_people"):
        return False
    branch_ids = branch_ids_for_people(user)
    if branch_ids is None:
        return True
    if event.branch_id is not None:
        return event.branch_id in branch_ids
    campaign_branches = set(event.campaign.branches.values_list("pk", flat=True))
    return bool(campaign_branches & set(branch_ids))


def signups_for_user(
    user: User, event: Event, *, request: HttpRequest | None = None
) -> QuerySet[EventSignup]:
    """The event's sign-ups if the user may see them (the view is audited), else none."""
    if not can_see_signups(user, event):
        return EventSignup.objects.none()
    qs = event.signups.all()
    ids = branch_ids_for_people(user)
    if ids is not None:
        qs = qs.filter(branch_id__in=ids)
    if qs.exists():
        log_action(
            event,
            "campaigns.eventsignup.viewed",
            user,
            {"count": qs.count()},
            branch_id=event.branch_id,
            request=request,
        )
    return qs


def signup_branches(user: User, event: Event) -> QuerySet[Branch]:
    """The branches a sign-up recorded by ``user`` at ``event`` may belong to: the event's
    branch, else those of the campaign's branches the user works with."""
    if event.branch_id is not None:
        return Branch.objects.filter(pk=event.branch_id)
    qs = event.campaign.branches.order_by("code")
    if user.is_admin:
        return qs
    if user.role == Role.REGIONAL_ORGANISER:
        return qs.filter(pk__in=branches_visible_to(user).values("pk"))
    return qs.filter(pk__in=user.branches.values("pk"))
