"""My day: the first page of a rep or branch organiser — what to do today.

The page is a list of sections. Each section is built by a function
``(request, today) -> Section | None`` listed in ``SECTIONS`` in page order; it returns
``None`` when it does not apply to the user (no permission, nothing in their patch). To add
a section (e.g. call assignments), write its builder in your app, give it a template, and
add it to ``SECTIONS`` here. Builders read through their app's access helpers and audit what
they list, like any other page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.models import Role, User, WorkplaceAssignment
from commonground.accounts.permissions import has_perm
from commonground.campaigns.access import events_visible_to
from commonground.campaigns.models import EventStatus
from commonground.density import measure
from commonground.density import queries as density
from commonground.people.access import is_rep, log_people_listed, people_visible_to

FOLLOW_UP_DAYS = 7
EVENT_DAYS = 7
MAX_ROWS = 10
FOLLOW_UP_ROWS = 20
"""My day shows the first 20 follow-ups due (overdue first); the people list has them all."""


@dataclass
class Section:
    key: str
    title: str | Promise
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    more_url: str = ""
    more_label: str | Promise = ""
    empty: str | Promise = ""


Builder = Callable[[AuthenticatedHttpRequest, date], "Section | None"]


def follow_ups(request: AuthenticatedHttpRequest, today: date) -> Section | None:
    """People in scope with a follow-up due in the next week, overdue first (audited)."""
    user = request.user
    if not has_perm(user, "view_people"):
        return None
    due_qs = people_visible_to(user).filter(
        follow_up_due__lte=today + timedelta(days=FOLLOW_UP_DAYS)
    )
    total = due_qs.count()
    due = list(
        due_qs.select_related("location").order_by("follow_up_due", "full_name", "pk")[
            :FOLLOW_UP_ROWS
        ]
    )
    log_people_listed(user, len(due), where="my day", request=request)
    return Section(
        "follow-ups",
        _("Follow-ups due"),
        "dashboard/myday/_follow_ups.html",
        {"people": due, "today": today, "total": total},
        reverse("people:person-list") + "?" + urlencode({"follow_up": "due"}),
        _("Everyone with a follow-up due"),
        _(
            "Nothing due this week. When you log a one-to-one, set a follow-up date to plan "
            "the next conversation."
        ),
    )


def events_this_week(request: AuthenticatedHttpRequest, today: date) -> Section | None:
    """Planned events in the next seven days: the user's branches' and region-wide ones."""
    user = request.user
    if not has_perm(user, "view_campaigns"):
        return None
    start = timezone.make_aware(datetime.combine(today, time.min))
    qs = events_visible_to(user).filter(
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=EVENT_DAYS),
        status=EventStatus.PLANNED,
    )
    if not (user.is_admin or user.role in (Role.REGIONAL_ORGANISER, Role.VIEWER)):
        qs = qs.filter(Q(branch__isnull=True) | Q(branch__in=user.branches.all()))
    return Section(
        "events",
        _("Events this week"),
        "dashboard/myday/_events.html",
        {"events": list(qs.order_by("starts_at")[:MAX_ROWS])},
        reverse("campaigns:event-calendar"),
        _("The calendar"),
        _("No events planned in the next seven days."),
    )


def workplaces_without_rep(request: AuthenticatedHttpRequest, today: date) -> Section | None:
    """The largest workplaces in the user's patch with no rep: a rep's assigned workplaces,
    or the councils a branch organiser's branches cover."""
    user = request.user
    if user.is_admin or user.role not in (Role.BRANCH_ORGANISER, Role.REP):
        return None
    if not has_perm(user, "view_density"):
        return None
    # The density scope of a branch organiser or rep is their branches' patch already.
    scope = measure.scope_for(user)
    qs = density.location_table(scope, "-workforce")
    if is_rep(user):
        qs = qs.filter(pk__in=user.workplaces.values("pk"))
        more_url = ""
    else:
        more_url = reverse("density:targets") + "?" + urlencode({"rep": "no"})
    rows = density.location_rows(scope, qs.filter(reps=0)[:MAX_ROWS])
    return Section(
        "no-rep",
        _("Workplaces without a rep in your patch"),
        "dashboard/myday/_no_rep.html",
        {"rows": rows},
        more_url,
        _("All targets without a rep"),
        _("Every workplace in your patch has a rep."),
    )


def my_workplaces(request: AuthenticatedHttpRequest, today: date) -> Section | None:
    """A rep's assigned workplaces, each with its wall chart."""
    user = request.user
    if not is_rep(user) or not has_perm(user, "view_people"):
        return None
    assignments = (
        WorkplaceAssignment.objects.filter(user=user)
        .select_related("location")
        .order_by("location__name")
    )
    return Section(
        "workplaces",
        _("My workplaces"),
        "dashboard/myday/_workplaces.html",
        {"assignments": list(assignments)},
        empty=_("No workplaces are assigned to you yet. Your branch secretary assigns them."),
    )


SECTIONS: list[Builder] = [follow_ups, my_workplaces, events_this_week, workplaces_without_rep]
"""The sections of My day, in page order."""


def sections_for(request: AuthenticatedHttpRequest) -> list[Section]:
    today = timezone.localdate()
    built = (builder(request, today) for builder in SECTIONS)
    return [s for s in built if s is not None]


def starts_on_my_day(user: User) -> bool:
    """Reps and branch organisers land on My day after logging in; others on the dashboard."""
    return not user.is_admin and user.role in (Role.REP, Role.BRANCH_ORGANISER)
