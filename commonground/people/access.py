"""Scoped fetches for people and workplaces: the only way to query people (docs/style.md §3).

- admin: everyone; regional organiser: the region's branches; branch organiser: own
  branches; rep: people at their assigned workplaces only; viewer: nobody (403).
- A person or workplace outside scope is ``Http404``: its existence is not revealed.
- Views of a person and searches that return people write an audit row here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from commonground.accounts.access import branch_ids_for_people
from commonground.accounts.models import Branch, Role, User, WorkplaceAssignment
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.people.models import Person
from commonground.register.models import Location

# Roles that may see sensitive fields (employment type, immigration/sponsorship details).
SENSITIVE_ROLES = frozenset({Role.ADMIN, Role.REGIONAL_ORGANISER, Role.BRANCH_ORGANISER})


def _require_view(user: User) -> None:
    if not has_perm(user, "view_people"):
        raise PermissionDenied


def is_rep(user: User) -> bool:
    return not user.is_admin and user.role == Role.REP


def can_see_sensitive(user: User) -> bool:
    return user.is_admin or user.role in SENSITIVE_ROLES


def people_visible_to(user: User) -> QuerySet[Person]:
    """Every person the user may see; ``PermissionDenied`` for roles that see no person."""
    _require_view(user)
    qs = Person.objects.all()
    if user.is_admin:
        return qs
    if user.role == Role.REP:
        assigned = WorkplaceAssignment.objects.filter(user=user).values("location_id")
        qs = qs.filter(location_id__in=assigned)
        # Another branch may organise at the same workplace: its people are not the rep's.
        # A rep with no branch sees nobody (not every branch's people at the workplace).
        return qs.filter(branch_id__in=user.branches.values("pk"))
    ids = branch_ids_for_people(user)
    if ids is None:
        return qs
    return qs.filter(branch_id__in=ids)


def branches_for_people(user: User) -> QuerySet[Branch]:
    """Branches the user may add people to or import into."""
    _require_view(user)
    ids = branch_ids_for_people(user)
    if ids is None:
        return Branch.objects.all()
    if user.role == Role.REP:
        return Branch.objects.filter(pk__in=user.branches.values("pk"))
    return Branch.objects.filter(pk__in=ids)


def get_person_for_user(
    user: User, pk: int, *, write: bool = False, request: HttpRequest | None = None
) -> Person:
    """One person in scope, or ``Http404``. A read writes ``people.person.viewed``.

    ``write=True`` also needs ``change_people`` (403) and writes no view row: the action
    that follows logs the change.
    """
    try:
        person = (
            people_visible_to(user)
            .select_related("branch", "location", "provider", "membership")
            .get(pk=pk)
        )
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    if write:
        if not has_perm(user, "change_people"):
            raise PermissionDenied
        return person
    log_person_viewed(user, person, request=request)
    return person


def log_person_viewed(
    user: User, person: Person, *, request: HttpRequest | None = None, where: str = ""
) -> None:
    """Audit a page that shows one person (``people.person.viewed``): their page, and the
    pages that show their fields to change or erase them (``where``)."""
    data: dict[str, Any] = {"where": where} if where else {}
    if can_see_sensitive(user) and (person.immigration_details or person.employment_type):
        data["sensitive_shown"] = True
    log_action(person, "people.person.viewed", user, data, request=request)


def log_people_listed(
    user: User,
    count: int,
    *,
    where: str,
    query: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    subject: Any = None,
) -> None:
    """Audit a page or search that listed people (``people.person.searched``)."""
    if count:
        log_action(
            subject,
            "people.person.searched",
            user,
            {"where": where, "count": count, "query": query or {}},
            request=request,
        )


def workplaces_visible_to(user: User) -> QuerySet[Location]:
    """Workplaces whose wall chart the user may open."""
    _require_view(user)
    qs = Location.objects.all()
    if user.is_admin:
        return qs
    if user.role == Role.REP:
        return qs.filter(assignments__user=user)
    ids = branch_ids_for_people(user) or []
    # A branch's workplaces: those in the councils it covers, and any where its people work.
    return qs.filter(
        Q(council__branches__in=ids)
        | Q(pk__in=Person.objects.filter(branch_id__in=ids).values("location_id"))
    ).distinct()


def get_workplace_for_user(user: User, pk: int) -> Location:
    try:
        return workplaces_visible_to(user).select_related("provider", "council").get(pk=pk)
    except Location.DoesNotExist as exc:
        raise Http404 from exc


# Subject access exports the audit trail about the person too, which only ``view_audit``
# may read; with ``export_people`` that is the data steward (admin) today.
SUBJECT_ACCESS_PERMS = ("view_audit", "export_people")


def can_subject_access(user: User) -> bool:
    return all(has_perm(user, p) for p in SUBJECT_ACCESS_PERMS)


def can_erase(user: User) -> bool:
    return has_perm(user, "erase_people")


def get_person_for_privacy(user: User, pk: int, *, erase: bool = False) -> Person:
    """A person for a subject-access export (or, ``erase=True``, an erasure).

    The permission first (403), then scope (404). No view row: the export or the erasure
    writes its own audit row.
    """
    allowed = can_erase(user) if erase else can_subject_access(user)
    if not allowed:
        raise PermissionDenied
    try:
        return (
            people_visible_to(user)
            .select_related("branch", "location", "provider", "membership")
            .get(pk=pk)
        )
    except Person.DoesNotExist as exc:
        raise Http404 from exc
