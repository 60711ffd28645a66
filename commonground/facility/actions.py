"""Every write to facility time: permission and scope checked, audited (docs/style.md §3)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.facility.access import (
    branches_approvable_by,
    branches_recordable_by,
    can_approve,
    can_edit,
)
from commonground.facility.models import (
    Employer,
    EntryStatus,
    OfficialTerms,
    PeriodInput,
    TimeEntry,
)
from commonground.lib.changes import diff, snapshot

ENTRY_FIELDS = ("date", "hours", "category", "paid", "employer", "branch", "description")


def _entry_data(entry: TimeEntry) -> dict[str, object]:
    return {
        "date": entry.date.isoformat(),
        "hours": str(entry.hours),
        "category": entry.category,
        "paid": entry.is_paid,
        "employer_id": entry.employer_id,
    }


@transaction.atomic
def record_entry(
    actor: User,
    entry: TimeEntry,
    *,
    activist: User | None = None,
    request: HttpRequest | None = None,
) -> TimeEntry:
    """Record facility time: an activist's own (it waits for the branch secretary), or a
    rep's recorded by the secretary of their branch (approved by that secretary at once)."""
    if not has_perm(actor, "change_facility"):
        raise PermissionDenied
    activist = activist or actor
    if activist.pk == actor.pk:
        if not branches_recordable_by(actor).filter(pk=entry.branch_id).exists():
            raise PermissionDenied
        entry.status = EntryStatus.PENDING
    else:
        # The recorder approves this branch's time, and the activist belongs to the branch.
        if not branches_approvable_by(actor).filter(pk=entry.branch_id).exists():
            raise PermissionDenied
        if not activist.branches.filter(pk=entry.branch_id).exists():
            raise PermissionDenied
        entry.status = EntryStatus.APPROVED
        entry.decided_by = actor
        entry.decided_at = timezone.now()
        entry.decision_note = _("Recorded by the branch secretary.")
    entry.activist = activist
    if entry.category in ("duties", "representation", "training"):
        entry.paid = True  # duties are paid time off by law (s.168)
    entry.save()
    data = _entry_data(entry)
    if activist.pk != actor.pk:
        data["recorded_for"] = activist.pk
    log_action(entry, "facility.entry.created", actor, data, request=request)
    return entry


@transaction.atomic
def update_entry(actor: User, entry: TimeEntry, *, request: HttpRequest | None = None) -> TimeEntry:
    """Correct one's own entry while it is still awaiting approval."""
    original = TimeEntry.objects.select_for_update().get(pk=entry.pk)
    if not can_edit(actor, original):
        raise PermissionDenied
    if not branches_recordable_by(actor).filter(pk=entry.branch_id).exists():
        raise PermissionDenied
    if entry.category in ("duties", "representation", "training"):
        entry.paid = True
    before = snapshot(original, ENTRY_FIELDS)
    entry.save(update_fields=list(ENTRY_FIELDS))
    changes = diff(before, snapshot(entry, ENTRY_FIELDS))
    if changes:
        log_action(entry, "facility.entry.changed", actor, {"changed": changes}, request=request)
    return entry


@transaction.atomic
def decide_entry(
    actor: User,
    entry: TimeEntry,
    approve: bool,
    note: str = "",
    *,
    request: HttpRequest | None = None,
) -> TimeEntry:
    """The branch secretary approves or rejects an entry (never their own)."""
    # Lock the row so two secretaries deciding at once cannot both win.
    entry = TimeEntry.objects.select_for_update().get(pk=entry.pk)
    if not can_approve(actor, entry):
        raise PermissionDenied
    previous = entry.status
    entry.status = EntryStatus.APPROVED if approve else EntryStatus.REJECTED
    entry.decided_by = actor
    entry.decided_at = timezone.now()
    entry.decision_note = note[:300]
    entry.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    log_action(
        entry,
        "facility.entry.approved" if approve else "facility.entry.rejected",
        actor,
        {"from": previous, "note": entry.decision_note, **_entry_data(entry)},
        request=request,
    )
    return entry


@transaction.atomic
def save_employer(
    actor: User, employer: Employer, *, request: HttpRequest | None = None
) -> Employer:
    if not has_perm(actor, "approve_facility"):
        raise PermissionDenied
    creating = employer.pk is None
    fields = ("name", "council", "is_public_sector", "weekly_hours", "working_weeks")
    before = {} if creating else snapshot(Employer.objects.get(pk=employer.pk), fields)
    if creating and not employer.region_id:
        if not actor.region_id:
            raise PermissionDenied
        employer.region_id = actor.region_id
    if not actor.is_admin and employer.region_id != actor.region_id:
        raise PermissionDenied
    employer.save()
    changes = diff(before, snapshot(employer, fields))
    if creating or changes:
        log_action(
            employer,
            "facility.employer.created" if creating else "facility.employer.changed",
            actor,
            {"changed": changes},
            request=request,
        )
    return employer


@transaction.atomic
def save_period(
    actor: User, period: PeriodInput, *, request: HttpRequest | None = None
) -> PeriodInput:
    """Enter or correct an employer's pay bill for a relevant period."""
    if not has_perm(actor, "approve_facility"):
        raise PermissionDenied
    creating = period.pk is None
    fields = ("start", "end", "total_pay_bill")
    before = {} if creating else snapshot(PeriodInput.objects.get(pk=period.pk), fields)
    period.save()
    changes = diff(before, snapshot(period, fields))
    if creating or changes:
        log_action(
            period.employer,
            "facility.period.saved",
            actor,
            {"period_id": period.pk, "changed": changes},
            request=request,
        )
    return period


@transaction.atomic
def save_terms(
    actor: User, terms: OfficialTerms, *, request: HttpRequest | None = None
) -> OfficialTerms:
    """Enter an official's contracted hours and hourly cost for a period (or correct them)."""
    if not has_perm(actor, "approve_facility"):
        raise PermissionDenied
    existing = OfficialTerms.objects.filter(period=terms.period, activist=terms.activist).first()
    if existing is not None:
        terms.pk = existing.pk
    terms.save()
    log_action(
        terms.period.employer,
        "facility.terms.saved",
        actor,
        {
            "period_id": terms.period_id,
            "activist_id": terms.activist_id,
            "contracted_hours_per_week": str(terms.contracted_hours_per_week),
            "hourly_rate": str(terms.hourly_rate),
        },
        request=request,
    )
    return terms


@transaction.atomic
def delete_terms(actor: User, terms: OfficialTerms, *, request: HttpRequest | None = None) -> None:
    if not has_perm(actor, "approve_facility"):
        raise PermissionDenied
    employer = terms.period.employer
    data = {"period_id": terms.period_id, "activist_id": terms.activist_id}
    terms.delete()
    log_action(employer, "facility.terms.deleted", actor, data, request=request)
