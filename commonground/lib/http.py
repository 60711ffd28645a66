from __future__ import annotations

from django.http import HttpRequest

from commonground.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind ``@login_required``: ``request.user`` is a real ``User``."""

    user: User
