"""Scoped fetches for import runs and mapping profiles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from commonground.accounts.access import branch_ids_for_people
from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.imports.models import ImportRun, MappingProfile
from commonground.imports.registry import importer_for


def runs_visible_to(user: User, kind: str) -> QuerySet[ImportRun]:
    """Runs of ``kind`` in branches whose people the user may see; 403 without the permission."""
    if not has_perm(user, importer_for(kind).permission):
        raise PermissionDenied
    qs = ImportRun.objects.filter(kind=kind).select_related("branch", "job", "created_by")
    ids = branch_ids_for_people(user)
    if ids is None:
        return qs
    # A run into no branch (the register, places, motions) holds no one's personal data.
    return qs.filter(Q(branch_id__in=ids) | Q(branch__isnull=True))


def get_run_for_user(user: User, kind: str, pk: int) -> ImportRun:
    """One run in scope; ``Http404`` otherwise (another branch's run is not revealed)."""
    try:
        return runs_visible_to(user, kind).get(pk=pk)
    except ImportRun.DoesNotExist as exc:
        raise Http404 from exc


def profiles_visible_to(user: User, kind: str) -> QuerySet[MappingProfile]:
    if not has_perm(user, importer_for(kind).permission):
        raise PermissionDenied
    # Profiles hold header names only, no personal data: shared by everyone who imports.
    return MappingProfile.objects.filter(kind=kind)
