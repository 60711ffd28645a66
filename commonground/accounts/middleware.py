from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class RequireTwoFactorMiddleware:
    """Admins and organisers, when the deployment requires it (``COMMONGROUND_REQUIRE_2FA``),
    pass their second factor before anything else.

    Before it, a session may only log in and out, open the two-factor page and reset a password
    (its pages name a user by the emailed link, not by the session). Pages anyone may open
    (public pages, their GeoJSON, unsubscribe links, webhooks, static files) are served as to an
    anonymous visitor: no preview of a draft, nothing the session's role would add. Every other
    path, user management under ``/accounts/`` included, redirects to the two-factor page.
    """

    # Open to anyone; a session without its second factor is anonymous there.
    PUBLIC_PREFIXES = (
        "/static/",
        "/health/",
        "/public/",
        "/charters/public/",
        "/library/public/",
        "/outreach/u/",
        "/outreach/webhooks/",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @staticmethod
    def open_before_second_factor(path: str) -> bool:
        """The log-in, log-out, two-factor and password-reset pages (and nothing else)."""
        exact = {reverse("accounts:login"), reverse("accounts:logout")}
        exact.add(reverse("accounts:two-factor"))
        return path in exact or path.startswith(reverse("accounts:password-reset"))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.COMMONGROUND_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and getattr(user, "needs_two_factor", False)
            and not user.is_verified()
            and not self.open_before_second_factor(request.path)
        ):
            if request.path.startswith(self.PUBLIC_PREFIXES):
                request.user = AnonymousUser()
                return self.get_response(request)
            return redirect(f"{reverse('accounts:two-factor')}?next={quote(request.path)}")
        return self.get_response(request)
