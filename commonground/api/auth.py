from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from commonground.api.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cg_…``. The request then acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            row = ApiToken.objects.select_related("user").get(
                key_hash=hash_token(token), revoked__isnull=True
            )
        except ApiToken.DoesNotExist:
            return None
        if not row.user.is_active:
            return None
        row.mark_used()
        request.user = row.user
        return row.user
