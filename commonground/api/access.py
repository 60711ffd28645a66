from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from commonground.accounts.models import User
from commonground.api.models import ApiToken


def tokens_visible_to(user: User) -> QuerySet[ApiToken]:
    """A user manages their own tokens only."""
    return ApiToken.objects.filter(user=user)


def get_token_for_user(user: User, pk: int) -> ApiToken:
    try:
        return tokens_visible_to(user).get(pk=pk)
    except ApiToken.DoesNotExist as exc:
        raise Http404 from exc
