"""The request type of every logged-in view (docs/style.md §3)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from commonground.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind ``@login_required``: ``request.user`` is a real ``User``, and
    ``request.htmx`` is django-htmx's ``HtmxDetails`` (``HtmxMiddleware`` is installed), as
    django-htmx's own ``HtmxHttpRequest`` recipe types it."""

    user: User
    htmx: HtmxDetails
