from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import User
from commonground.api.models import ApiToken, hash_token
from commonground.audit.log import log_action


@transaction.atomic
def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the raw token (shown once)."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[:10], key_hash=hash_token(raw)
    )
    log_action(token, "api.token.created", user, {"name": token.name, "prefix": token.prefix})
    return token, raw


@transaction.atomic
def revoke_token(user: User, token: ApiToken) -> None:
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        log_action(token, "api.token.revoked", user, {"name": token.name, "prefix": token.prefix})
