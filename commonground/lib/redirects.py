"""Where to go after a form: the ``next`` a page sent, if it stays on this site.

Every view that redirects to a posted or linked ``next`` takes it from here, so an
address elsewhere ("https://evil.example/", "//evil.example") is never followed.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from commonground.lib.query import QueryForm, TextField


class NextForm(QueryForm):
    """``?next=`` (or the posted ``next``): where to go afterwards."""

    next = TextField(max_length=2000)


def safe_next(request: HttpRequest, default: str) -> str:
    """The posted (else linked) ``next`` when it is an address on this site; else
    ``default``."""
    target = NextForm(request.POST).values["next"] or NextForm(request.GET).values["next"]
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return str(target)
    return default
