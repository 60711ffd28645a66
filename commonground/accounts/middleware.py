from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class RequireTwoFactorMiddleware:
    """Sends admins and organisers to two-factor set-up/verification before anything else.

    Switched by ``COMMONGROUND_REQUIRE_2FA`` so a deployment can choose.
    """

    ALLOWED_PREFIXES = (
        "/accounts/",
        "/static/",
        "/public/",
        "/health",
        "/charters/public/",
        "/library/public/",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.COMMONGROUND_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and getattr(user, "needs_two_factor", False)
            and not user.is_verified()
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            return redirect(f"{reverse('accounts:two-factor')}?next={request.path}")
        return self.get_response(request)
