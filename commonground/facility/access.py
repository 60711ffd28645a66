"""Scoped fetches for facility time (docs/style.md §3).

Entries name activists, so they are personal data: a rep sees only their own; a branch
secretary their branch's; a regional organiser the region's; an admin everything. Views of
lists and reports are audited by the views that show them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from commonground.accounts.access import branches_visible_to
from commonground.accounts.models import Branch, Role, User
from commonground.accounts.permissions import has_perm
from commonground.facility.models import Employer, EntryStatus, PeriodInput, TimeEntry


def entries_visible_to(user: User) -> QuerySet[TimeEntry]:
    """Facility entries the user may see."""
    if not has_perm(user, "view_facility"):
        return TimeEntry.objects.none()
    qs = TimeEntry.objects.select_related("activist", "branch", "employer", "decided_by")
    if user.is_admin:
        return qs
    if user.role == Role.REGIONAL_ORGANISER:
        return qs.filter(branch__in=branches_visible_to(user))
    if user.role == Role.BRANCH_ORGANISER:
        return qs.filter(Q(branch__in=user.branches.all()) | Q(activist=user))
    return qs.filter(activist=user)


def activists_visible_to(user: User) -> QuerySet[User]:
    """Activists whose facility time (entries, hours, pay as an official) the user may see.

    The same scope as entries: admins everyone; a regional organiser the region's branches; a
    branch secretary their branches' activists; everyone themselves.
    """
    if not has_perm(user, "view_facility"):
        return User.objects.none()
    if user.is_admin:
        return User.objects.all()
    if user.role == Role.REGIONAL_ORGANISER:
        mine = Q(branches__in=branches_visible_to(user))
    elif user.role == Role.BRANCH_ORGANISER:
        mine = Q(branches__in=user.branches.all())
    else:
        mine = Q(pk=user.pk)
    return User.objects.filter(mine | Q(pk=user.pk)).distinct()


def branches_approvable_by(user: User) -> QuerySet[Branch]:
    """Branches whose entries the user approves: a branch secretary's own branches."""
    if not has_perm(user, "approve_facility"):
        return Branch.objects.none()
    if user.is_admin or user.role == Role.REGIONAL_ORGANISER:
        return branches_visible_to(user)
    return user.branches.all()


def branches_recordable_by(user: User) -> QuerySet[Branch]:
    """Branches an entry the user records may belong to: their own branches; a regional
    organiser or admin, who may have none, any branch they can see."""
    if not has_perm(user, "change_facility"):
        return Branch.objects.none()
    if user.is_admin or user.role == Role.REGIONAL_ORGANISER:
        return branches_visible_to(user)
    return user.branches.all()


def activists_recordable_by(user: User) -> QuerySet[User]:
    """Whose time the user may record: their own, and a branch secretary (or regional
    organiser, admin) that of the active members of the branches they approve."""
    if not has_perm(user, "change_facility"):
        return User.objects.none()
    approvable = branches_approvable_by(user)
    return (
        User.objects.filter(Q(pk=user.pk) | Q(branches__in=approvable, is_active=True))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def can_approve(user: User, entry: TimeEntry) -> bool:
    # Nobody approves their own time: that is the point of approval.
    return (
        entry.activist_id != user.pk
        and branches_approvable_by(user).filter(pk=entry.branch_id).exists()
    )


def can_edit(user: User, entry: TimeEntry) -> bool:
    """The activist may correct their own entry until it is decided."""
    return (
        has_perm(user, "change_facility")
        and entry.activist_id == user.pk
        and entry.status == EntryStatus.PENDING
    )


def get_entry_for_user(user: User, pk: int, *, write: bool = False) -> TimeEntry:
    try:
        entry = entries_visible_to(user).get(pk=pk)
    except TimeEntry.DoesNotExist as exc:
        raise Http404 from exc
    if write and not can_edit(user, entry):
        raise PermissionDenied
    return entry


def employers_visible_to(user: User) -> QuerySet[Employer]:
    if not has_perm(user, "view_facility"):
        return Employer.objects.none()
    if user.is_admin:
        return Employer.objects.all()
    if not user.region_id:
        return Employer.objects.none()
    return Employer.objects.filter(region_id=user.region_id)


def get_employer_for_user(user: User, pk: int, *, write: bool = False) -> Employer:
    """An employer in the user's region; ``write`` (its inputs) needs ``approve_facility``."""
    try:
        employer = employers_visible_to(user).get(pk=pk)
    except Employer.DoesNotExist as exc:
        raise Http404 from exc
    if write and not has_perm(user, "approve_facility"):
        raise PermissionDenied
    return employer


def get_period_for_user(user: User, pk: int, *, write: bool = False) -> PeriodInput:
    try:
        period = PeriodInput.objects.select_related("employer").get(
            pk=pk, employer__in=employers_visible_to(user)
        )
    except PeriodInput.DoesNotExist as exc:
        raise Http404 from exc
    if write and not has_perm(user, "approve_facility"):
        raise PermissionDenied
    return period
