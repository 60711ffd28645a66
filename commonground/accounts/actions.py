"""Every write to accounts: invitations, roles, scopes, workplace assignments."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from commonground.accounts.models import Branch, Invitation, Role, User, WorkplaceAssignment
from commonground.audit.log import log_action
from commonground.lib.siteurl import site_url
from commonground.register.models import Location, Region


def _require_admin(actor: User) -> None:
    if not actor.is_admin:
        raise PermissionDenied(_("Only an admin can manage users."))


def check_scope(role: str, region: Region | None, branches: Iterable[Branch]) -> None:
    """A role's scope must say whose data it opens: a region for a regional organiser, a
    branch for a branch organiser or a rep (a rep with no branch would otherwise see every
    branch's people at their workplaces). ``ValidationError`` naming the field otherwise."""
    if role == Role.REGIONAL_ORGANISER and region is None:
        raise ValidationError({"region": _("A regional organiser needs a region.")})
    if role in (Role.BRANCH_ORGANISER, Role.REP) and not list(branches):
        raise ValidationError({"branches": _("Choose the branch (or branches) of this role.")})


def _scope_snapshot(user: User) -> dict[str, object]:
    return {
        "role": user.role,
        "region": user.region.slug if user.region else None,
        "branches": sorted(user.branches.values_list("code", flat=True)),
        "workplaces": sorted(user.workplaces.values_list("cqc_id", flat=True)),
    }


@transaction.atomic
def invite_user(
    actor: User,
    *,
    email: str,
    username: str,
    first_name: str = "",
    last_name: str = "",
    role: str = Role.VIEWER,
    region: Region | None = None,
    branches: Iterable[Branch] = (),
    request: HttpRequest | None = None,
) -> Invitation:
    """Create an inactive account and email its owner a link to choose a password (on
    ``SITE_ROOT``, else the host of ``request``: ``lib.siteurl``)."""
    _require_admin(actor)
    branches = list(branches)
    check_scope(role, region, branches)
    user = User.objects.create_user(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        region=region,
        is_active=False,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.branches.set(list(branches))
    invitation = Invitation.objects.create(
        email=email, user=user, invited_by=actor, token=secrets.token_urlsafe(32)
    )
    log_action(user, "accounts.user.invited", actor, {"email": email, **_scope_snapshot(user)})
    link = site_url(reverse("accounts:invite-accept", args=[invitation.token]), request)

    def _send() -> None:
        send_mail(
            _("You are invited to %(site)s") % {"site": settings.SITE_NAME},
            _("Choose your password to start: %(link)s") % {"link": link},
            None,
            [email],
        )

    transaction.on_commit(_send)
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, password: str) -> User:
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted = timezone.now()
    invitation.save(update_fields=["accepted"])
    log_action(user, "accounts.user.invitation_accepted", user)
    return user


@transaction.atomic
def set_role_and_scope(
    actor: User,
    user: User,
    *,
    role: str,
    region: Region | None,
    branches: Iterable[Branch],
    is_active: bool = True,
) -> bool:
    """Change a user's role and scope; returns whether anything changed. Audited."""
    _require_admin(actor)
    if user.pk == actor.pk and role != Role.ADMIN and not actor.is_superuser:
        raise PermissionDenied(_("You cannot remove your own admin role."))
    branches = list(branches)
    check_scope(role, region, branches)
    before = {**_scope_snapshot(user), "is_active": user.is_active}
    user.role = role
    user.region = region
    user.is_active = is_active
    user.save(update_fields=["role", "region", "is_active"])
    user.branches.set(list(branches))
    after = {**_scope_snapshot(user), "is_active": user.is_active}
    if before == after:
        return False
    changed = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
    code = "accounts.user.role_changed" if "role" in changed else "accounts.user.scope_changed"
    log_action(user, code, actor, {"changed": changed})
    return True


@transaction.atomic
def assign_workplace(actor: User, user: User, location: Location) -> WorkplaceAssignment:
    _require_admin(actor)
    assignment, created = WorkplaceAssignment.objects.get_or_create(
        user=user, location=location, defaults={"assigned_by": actor}
    )
    if created:
        log_action(user, "accounts.user.workplace_assigned", actor, {"location": location.cqc_id})
    return assignment


@transaction.atomic
def set_workplaces(actor: User, user: User, locations: Iterable[Location]) -> tuple[int, int]:
    """Assign exactly these workplaces to the user (a rep): each one added or removed is
    audited. Returns (added, removed)."""
    _require_admin(actor)
    wanted = {loc.pk: loc for loc in locations}
    current = {a.location_id: a.location for a in user.assignments.select_related("location")}
    for pk in wanted.keys() - current.keys():
        assign_workplace(actor, user, wanted[pk])
    for pk in current.keys() - wanted.keys():
        unassign_workplace(actor, user, current[pk])
    return len(wanted.keys() - current.keys()), len(current.keys() - wanted.keys())


@transaction.atomic
def unassign_workplace(actor: User, user: User, location: Location) -> None:
    _require_admin(actor)
    deleted, _count = WorkplaceAssignment.objects.filter(user=user, location=location).delete()
    if deleted:
        log_action(user, "accounts.user.workplace_unassigned", actor, {"location": location.cqc_id})


@transaction.atomic
def reset_two_factor(actor: User, user: User, *, request: HttpRequest | None = None) -> int:
    """Remove the user's two-factor devices (a lost phone): they enrol a new one at their next
    log-in. Only an admin, past their own second factor (the middleware sees to that), and
    audited. Returns how many devices were removed."""
    _require_admin(actor)
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    log_action(user, "accounts.user.two_factor_reset", actor, {"devices": removed}, request=request)
    return removed
