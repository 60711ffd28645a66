"""The app shell's middleware."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class FriendlyNotFoundMiddleware:
    """Our "Not found" page instead of Django's debug page, also when ``DEBUG`` is on.

    The demo runs with ``DEBUG`` on; a visitor who opens an unpublished scoreboard or a
    mistyped address must not see the URL patterns and settings hints of Django's technical
    404 page. Only that page is replaced (HTML 404 answers that say ``DEBUG = True``); JSON
    answers and our own pages pass through. ``COMMONGROUND_DEBUG_404=1`` keeps Django's page
    for developers who want it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 404
            and settings.DEBUG
            and not settings.COMMONGROUND_DEBUG_404
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "streaming", False)
            and b"DEBUG = True" in response.content
        ):
            return render(request, "404.html", status=404)
        return response
