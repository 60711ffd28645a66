from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from commonground.accounts.access import scope_label
from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.dashboard.domains import domain_links
from commonground.lib import datacache


class _Perms:
    """Lets templates ask ``{% if perms_cg.export_people %}``."""

    def __init__(self, user: Any) -> None:
        self._user = user

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        if name == "manage_users" or name == "view_audit":
            return isinstance(self._user, User) and self._user.is_admin
        return has_perm(self._user, name)


def scope(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "site_name": settings.SITE_NAME,
        "perms_cg": _Perms(user),
        # Lifetime of cached fragments (the navigation, the register's rows): lib.datacache.
        "cache_seconds": datacache.lifetime(),
    }
    if isinstance(user, User) and user.is_authenticated:
        context["current_scope"] = scope_label(user)
        context["current_role"] = user.get_role_display() if not user.is_superuser else "Admin"
        context["nav_domains"] = domain_links(user)
    return context
