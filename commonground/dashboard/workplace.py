"""The people-and-organising panel of a workplace's register page.

The register knows nothing of people, campaigns or charters; this module (the app shell,
which sits above every domain) gathers what each user may see about one workplace: members,
reps and density (small counts hidden as the density pages hide them), the wall chart, the
follow-ups due there, and the campaigns and charter targets that concern it. The register's
template includes it with ``{% workplace_panel location %}``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.campaigns.access import campaigns_visible_to
from commonground.charters.access import targets_visible_to
from commonground.density import measure
from commonground.density import queries as density
from commonground.people.access import (
    log_people_listed,
    people_visible_to,
    workplaces_visible_to,
)
from commonground.people.models import WorkplaceRole
from commonground.register.models import Location

DUE_DAYS = 7
MAX_NAMES = 20


def workplace_panel(user: User, location: Location, request: HttpRequest | None) -> dict[str, Any]:
    today = timezone.localdate()
    panel: dict[str, Any] = {"location": location, "today": today}
    if has_perm(user, "view_density"):
        # The user's members at this one workplace, inside their patch or not.
        scope = replace(measure.scope_for(user), council_ids=None)
        rows = density.location_rows(scope, density.location_table(scope).filter(pk=location.pk))
        panel["row"] = rows[0] if rows else None
        panel["registered"] = bool(rows)
    if has_perm(user, "view_people"):
        panel["wall"] = workplaces_visible_to(user).filter(pk=location.pk).exists()
        here = people_visible_to(user).filter(location=location)
        panel["people_count"] = here.count()
        panel["due"] = list(
            here.filter(follow_up_due__lte=today + timedelta(days=DUE_DAYS)).order_by(
                "follow_up_due", "full_name", "pk"
            )[:MAX_NAMES]
        )
        panel["reps"] = list(
            WorkplaceRole.objects.filter(
                person__in=here, ended__isnull=True, role__in=measure.REP_ROLES
            )
            .select_related("person")
            .order_by("person__full_name")[:MAX_NAMES]
        )
        shown = len(panel["due"]) + len(panel["reps"])
        log_people_listed(
            user,
            shown,
            where="workplace page",
            query={"location": location.pk},
            request=request,
            subject=location,
        )
    if has_perm(user, "view_campaigns"):
        panel["campaigns"] = list(
            campaigns_visible_to(user)
            .filter(goals__workplaces=location)
            .distinct()
            .order_by("-starts_on", "name")
        )
    if has_perm(user, "view_charters"):
        about = Q(pk__in=[])
        if location.provider_id:
            about |= Q(provider_id=location.provider_id)
        if location.council_id:
            about |= Q(council_id=location.council_id)
        panel["charter_targets"] = list(
            targets_visible_to(user).filter(about).prefetch_related("statuses__charter")
        )
    return panel
