from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.api.access import get_token_for_user, tokens_visible_to
from commonground.api.actions import create_token, revoke_token


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if not name:
            messages.error(request, _("Give the token a name, e.g. the script that will use it."))
        else:
            _token, new_token = create_token(request.user, name)
    tokens = tokens_visible_to(request.user)
    return render(request, "api/token_list.html", {"tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_token_for_user(request.user, pk)
    revoke_token(request.user, token)
    messages.success(request, _("Token revoked."))
    return redirect("api:token-list")
