"""Moving people and reps to a home's current registration, from the location page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.people.succession import carry_over
from commonground.register import access
from commonground.register.succession import current_registration


@login_required
@require_perm("change_register")
@require_POST
def location_carry_over(request: AuthenticatedHttpRequest, cqc_id: str) -> HttpResponse:
    """Move people and reps to the current registration (audited)."""
    location = access.get_location_for_user(request.user, cqc_id, write=True)
    current = current_registration(location)
    if current.pk == location.pk:
        messages.info(request, _("This is the current registration: nothing to move."))
        return redirect("register:location-detail", cqc_id=location.cqc_id)
    counts = carry_over(request.user, location, current, request=request)
    messages.success(
        request,
        _("Moved to %(name)s (%(id)s): %(people)s people, %(roles)s workplace roles.")
        % {
            "name": current.name,
            "id": current.cqc_id,
            "people": counts.get("people", 0),
            "roles": counts.get("roles", 0),
        },
    )
    return redirect("register:location-detail", cqc_id=current.cqc_id)
