from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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


@transaction.atomic
def revoke_all_tokens(user: User, *, reason: str) -> int:
    """Revoke every live token of ``user`` (e.g. their password changed); audited per token."""
    count = 0
    for token in ApiToken.objects.select_for_update().filter(user=user, revoked__isnull=True):
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        log_action(
            token,
            "api.token.revoked",
            None,
            {"name": token.name, "prefix": token.prefix, "reason": reason},
        )
        count += 1
    return count


class RevokeTokensOnPasswordChange:
    """Listed in ``AUTH_PASSWORD_VALIDATORS`` for its ``password_changed`` hook, which Django
    calls on every password change (reset, change, ``changepassword``, the admin): a new
    password ends the API tokens too, as it ends the sessions. It validates nothing; its help
    text tells the user."""

    def validate(self, password: str, user: User | None = None) -> None:
        return None

    def password_changed(self, password: str, user: User | None = None) -> None:
        if user is not None and user.pk is not None:
            revoke_all_tokens(user, reason="password changed")

    def get_help_text(self) -> str:
        return str(_("A new password also revokes your API tokens."))
