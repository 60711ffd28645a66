from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.security import HttpBearer

from commonground.accounts.ratelimit import limit
from commonground.api.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cg_…``. The request then acts as the token's user.

    Rate limited (``api.ip`` before the token is looked up, ``api.key`` per token): 429.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        decision = limit(request, "api")
        if not decision.allowed:
            raise Throttled(wait=decision.retry_after)
        key_hash = hash_token(token)
        try:
            row = ApiToken.objects.select_related("user").get(
                key_hash=key_hash, revoked__isnull=True
            )
        except ApiToken.DoesNotExist:
            return None
        if not row.user.is_active:
            return None
        decision = limit(request, "api", key=key_hash, per_ip=False)
        if not decision.allowed:
            raise Throttled(wait=decision.retry_after)
        row.mark_used()
        request.user = row.user
        return row.user
