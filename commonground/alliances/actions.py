"""Every write to alliances: permission and scope checked, audited (docs/style.md §3)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from commonground.accounts.models import Branch, User
from commonground.accounts.permissions import has_perm
from commonground.alliances.access import branches_writable_by
from commonground.alliances.models import (
    Affiliation,
    Contact,
    IssueTag,
    JointAction,
    LedgerEntry,
    Partner,
)
from commonground.audit.log import log_action
from commonground.lib.changes import diff, snapshot
from commonground.register.models import Council

PARTNER_FIELDS = ("name", "kind", "description", "website")
AFFILIATION_FIELDS = ("status", "started", "ended", "annual_fee", "notes")


def _require_change(actor: User) -> None:
    if not has_perm(actor, "change_alliances"):
        raise PermissionDenied


def _require_branch(actor: User, branch: Branch | None) -> None:
    if branch is not None and not branches_writable_by(actor).filter(pk=branch.pk).exists():
        raise PermissionDenied


@transaction.atomic
def save_partner(
    actor: User,
    partner: Partner,
    *,
    issues: Iterable[IssueTag],
    councils: Iterable[Council] = (),
    request: HttpRequest | None = None,
) -> Partner:
    """Create or update a partner (region defaults to the actor's) and its shared issues."""
    _require_change(actor)
    creating = partner.pk is None
    before = {} if creating else snapshot(Partner.objects.get(pk=partner.pk), PARTNER_FIELDS)
    if creating and not partner.region_id:
        if not actor.region_id:
            raise PermissionDenied
        partner.region_id = actor.region_id
    if not actor.is_admin and partner.region_id != actor.region_id:
        raise PermissionDenied
    partner.save()
    old_issues = set() if creating else set(partner.issues.values_list("slug", flat=True))
    partner.issues.set(list(issues))
    partner.councils.set(list(councils))
    new_issues = set(partner.issues.values_list("slug", flat=True))
    changes = diff(before, snapshot(partner, PARTNER_FIELDS))
    if old_issues != new_issues:
        changes["issues"] = {"from": sorted(old_issues), "to": sorted(new_issues)}
    if creating or changes:
        log_action(
            partner,
            "alliances.partner.created" if creating else "alliances.partner.changed",
            actor,
            {"changed": changes},
            request=request,
        )
    return partner


@transaction.atomic
def add_contact(
    actor: User, partner: Partner, contact: Contact, *, request: HttpRequest | None = None
) -> Contact:
    """Add a contact in their public role to a partner."""
    _require_change(actor)
    contact.partner = partner
    contact.save()
    log_action(
        partner,
        "alliances.contact.added",
        actor,
        {"contact_id": contact.pk, "public_role": contact.public_role},
        request=request,
    )
    return contact


@transaction.atomic
def remove_contact(actor: User, contact: Contact, *, request: HttpRequest | None = None) -> None:
    _require_change(actor)
    partner = contact.partner
    data = {"contact_id": contact.pk, "public_role": contact.public_role}
    contact.delete()
    log_action(partner, "alliances.contact.removed", actor, data, request=request)


@transaction.atomic
def save_affiliation(
    actor: User, affiliation: Affiliation, *, request: HttpRequest | None = None
) -> Affiliation:
    """Create or update a branch's affiliation; the actor must be able to act for the branch."""
    _require_change(actor)
    _require_branch(actor, affiliation.branch)
    creating = affiliation.pk is None
    before = (
        {} if creating else snapshot(Affiliation.objects.get(pk=affiliation.pk), AFFILIATION_FIELDS)
    )
    affiliation.save()
    changes = diff(before, snapshot(affiliation, AFFILIATION_FIELDS))
    if creating or changes:
        log_action(
            affiliation,
            "alliances.affiliation.created" if creating else "alliances.affiliation.changed",
            actor,
            {"partner_id": affiliation.partner_id, "changed": changes},
            request=request,
        )
    return affiliation


@transaction.atomic
def record_joint_action(
    actor: User,
    action: JointAction,
    *,
    partners: Iterable[Partner],
    branches: Iterable[Branch],
    issues: Iterable[IssueTag] = (),
    request: HttpRequest | None = None,
) -> JointAction:
    """Record (or correct) a joint action with one or more partners."""
    _require_change(actor)
    partners = list(partners)
    branches = list(branches)
    if not partners:
        raise ValueError("A joint action needs at least one partner.")
    for branch in branches:
        _require_branch(actor, branch)
    creating = action.pk is None
    if creating:
        action.region_id = partners[0].region_id
        action.created_by = actor
    action.save()
    action.partners.set(partners)
    action.branches.set(branches)
    action.issues.set(list(issues))
    log_action(
        action,
        "alliances.joint_action.created" if creating else "alliances.joint_action.changed",
        actor,
        {
            "partners": [p.pk for p in partners],
            "branches": [b.code for b in branches],
            "turnout": action.turnout,
            "recruits_reported": action.recruits_reported,
        },
        request=request,
    )
    return action


@transaction.atomic
def record_support(
    actor: User, entry: LedgerEntry, *, request: HttpRequest | None = None
) -> LedgerEntry:
    """Add a row to the reciprocity ledger: support given to or received from a partner."""
    _require_change(actor)
    _require_branch(actor, entry.branch)
    entry.created_by = actor
    entry.save()
    log_action(
        entry.partner,
        "alliances.ledger.recorded",
        actor,
        {
            "entry_id": entry.pk,
            "direction": entry.direction,
            "kind": entry.kind,
            "quantity": str(entry.quantity),
            "unit": entry.unit,
        },
        branch_id=entry.branch_id,
        request=request,
    )
    return entry


@transaction.atomic
def delete_support(actor: User, entry: LedgerEntry, *, request: HttpRequest | None = None) -> None:
    """Remove a ledger row entered in error (the audit row keeps what it said)."""
    _require_change(actor)
    _require_branch(actor, entry.branch)
    partner, branch_id = entry.partner, entry.branch_id
    data = {
        "entry_id": entry.pk,
        "direction": entry.direction,
        "kind": entry.kind,
        "quantity": str(entry.quantity),
        "unit": entry.unit,
        "date": entry.date.isoformat(),
    }
    entry.delete()
    log_action(
        partner, "alliances.ledger.deleted", actor, data, branch_id=branch_id, request=request
    )
