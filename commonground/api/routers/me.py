from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from commonground.accounts.access import scope_label
from commonground.accounts.models import User
from commonground.api.common import responses

router = Router(tags=["me"])


class MeOut(Schema):
    username: str
    role: str
    scope: str


@router.get("", response=responses(MeOut), summary="The token's user, role and scope")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    assert isinstance(user, User)  # TokenAuth sets it
    return MeOut(username=user.get_username(), role=user.effective_role, scope=scope_label(user))
