"""Scoped fetches for users, branches and locations (docs/style.md §3).

Every queryset that a view touches starts from one of these helpers. Objects outside the
user's scope raise ``Http404`` so that their existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commonground.accounts.models import Branch, Role, User
from commonground.accounts.permissions import has_perm

F = TypeVar("F", bound=Callable[..., HttpResponseBase])


def require_perm(perm: str) -> Callable[[F], F]:
    """View decorator: 403 unless the user's role grants ``perm``."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not has_perm(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def require_admin(view: F) -> F:
    """View decorator: anonymous users log in first (as ``login_required``); others 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (isinstance(user, User) and user.is_active and user.is_admin):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def branches_visible_to(user: User) -> QuerySet[Branch]:
    """Branches whose work the user may see (aggregates for viewers, people for organisers)."""
    qs = Branch.objects.select_related("region")
    if user.is_admin:
        return qs.all()
    if user.role in (Role.REGIONAL_ORGANISER, Role.VIEWER):
        return qs.filter(region_id=user.region_id) if user.region_id else qs.none()
    return qs.filter(pk__in=user.branches.values("pk"))


def patch_council_ids(user: User) -> list[int] | None:
    """Councils covered by the branches ``user`` is limited to (branch organisers, reps);
    ``None`` when their scope is a whole region, as in :func:`branches_visible_to` (admins,
    regional organisers, viewers). Aggregates divide the members of a user's branches by
    the workforce of this patch, so members and workforce come from the same scope."""
    if user.is_admin or user.role in (Role.REGIONAL_ORGANISER, Role.VIEWER):
        return None
    ids = user.branches.exclude(councils=None).values_list("councils", flat=True)
    return sorted(set(ids))


def branch_ids_for_people(user: User) -> list[int] | None:
    """Branch ids whose people the user may see; ``None`` means every branch (admin)."""
    if user.is_admin:
        return None
    if user.role == Role.REGIONAL_ORGANISER:
        return list(branches_visible_to(user).values_list("pk", flat=True))
    if user.role == Role.BRANCH_ORGANISER:
        return list(user.branches.values_list("pk", flat=True))
    return []


def get_branch_for_user(user: User, code: str) -> Branch:
    try:
        return branches_visible_to(user).get(code=code)
    except Branch.DoesNotExist as exc:
        raise Http404(_("No such branch.")) from exc


def users_visible_to(user: User) -> QuerySet[User]:
    if user.is_admin:
        return User.objects.all()
    return User.objects.none()


def get_user_for_user(user: User, pk: int) -> User:
    try:
        return users_visible_to(user).get(pk=pk)
    except User.DoesNotExist as exc:
        raise Http404 from exc


def scope_label(user: User) -> str:
    """The user's current scope in words, shown on every page."""
    if user.is_admin:
        return _("All regions (admin)")
    region = user.region.name if user.region_id and user.region else _("no region")
    if user.role == Role.REGIONAL_ORGANISER:
        return _("%(region)s region") % {"region": region}
    if user.role == Role.VIEWER:
        return _("%(region)s region · aggregates only") % {"region": region}
    branches = list(user.branches.order_by("code").values_list("code", "name"))
    if user.role == Role.BRANCH_ORGANISER:
        if not branches:
            return _("No branch assigned")
        return ", ".join(f"{code} {name}" for code, name in branches)
    count = user.workplaces.count()
    return ngettext("%(count)d assigned workplace", "%(count)d assigned workplaces", count) % {
        "count": count
    }
