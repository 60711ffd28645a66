"""Audit rows for authentication events."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from commonground.accounts.ratelimit import limit
from commonground.audit.log import log_action


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    log_action(user, "accounts.user.logged_in", user, request=request)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log_action(user, "accounts.user.logged_out", user, request=request)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Never record the password, only the username that was tried.
    username = str(credentials.get("username", ""))[:150]
    log_action(None, "accounts.user.login_failed", None, {"username": username}, request=request)
    if request is not None:
        limit(request, "login")  # failures per address, whatever the username


@receiver(user_locked_out)
def _locked_out(
    sender: Any,
    request: HttpRequest,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    log_action(
        None, "accounts.user.locked_out", None, {"username": username or ""}, request=request
    )
