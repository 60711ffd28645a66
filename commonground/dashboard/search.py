"""Global search: one box in the header, every kind of record a user may open.

Each kind starts from its own app's scoped fetch (``<things>_visible_to``), so a search finds
only what the user could reach by browsing; kinds the user's role may not see are skipped.
A search that returns people writes the same audit row as the people list
(``people.person.searched``, via ``log_people_listed``).

Speed (``bench/search.py``, ``docs/benchmarks.md``): people are matched through
``people.queries.search_people``, which reads an index of name words; the other kinds are
small tables (tens of thousands of rows at most).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Q, Value, When
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from commonground.accounts.access import patch_council_ids
from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.alliances.access import partners_visible_to
from commonground.campaigns.access import campaigns_visible_to
from commonground.lib.postcodes import normalise_postcode
from commonground.library.access import items_visible_to
from commonground.people.access import log_people_listed, people_visible_to
from commonground.people.queries import search_people
from commonground.register.access import (
    councils_visible_to,
    locations_visible_to,
    providers_visible_to,
)

MIN_LENGTH = 2
PER_KIND = 6


@dataclass
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass
class Group:
    kind: str
    label: str | Promise
    hits: list[Hit] = field(default_factory=list)
    more_url: str = ""
    """The kind's own list, filtered by the same words (when it has a search box)."""
    more: bool = False
    """More matches than shown."""


def _list_url(name: str, q: str) -> str:
    return reverse(name) + "?" + urlencode({"q": q})


def _take(qs: Any) -> tuple[list[Any], bool]:
    rows = list(qs[: PER_KIND + 1])
    return rows[:PER_KIND], len(rows) > PER_KIND


def search(user: User, q: str, *, request: HttpRequest | None = None) -> list[Group]:
    """The groups of hits for ``q`` that ``user`` may see, in a fixed order; empty groups
    are left out. Fewer than ``MIN_LENGTH`` characters find nothing."""
    q = " ".join(q.split())[:100]
    if len(q) < MIN_LENGTH:
        return []
    groups = [
        _people(user, q, request),
        _workplaces(user, q),
        _providers(user, q),
        _councils(user, q),
        _partners(user, q),
        _library(user, q),
        _campaigns(user, q),
    ]
    return [g for g in groups if g is not None and g.hits]


def _people(user: User, q: str, request: HttpRequest | None) -> Group | None:
    if not has_perm(user, "view_people"):
        return None
    rows, more = _take(
        search_people(people_visible_to(user), q).select_related("location", "branch")
    )
    log_people_listed(
        user, len(rows), where="global search", query={"q": q, "count": len(rows)}, request=request
    )
    return Group(
        "people",
        _("People"),
        [
            Hit(
                p.full_name,
                reverse("people:person-detail", args=[p.pk]),
                " · ".join(x for x in (p.location.name if p.location else "", p.branch.code) if x),
            )
            for p in rows
        ],
        _list_url("people:person-list", q),
        more,
    )


def _workplaces(user: User, q: str) -> Group | None:
    if not has_perm(user, "view_register"):
        return None
    cond = Q(name__icontains=q) | Q(cqc_id__iexact=q) | Q(also_known_as__icontains=q)
    postcode = normalise_postcode(q)
    if postcode:
        cond |= Q(postcode=postcode)
    qs = locations_visible_to(user).filter(cond, is_social_care=True).select_related("council")
    patch = patch_council_ids(user)
    if patch:  # a branch's own councils first: "mill" finds its Mill View before Oldham's
        qs = qs.annotate(
            elsewhere=Case(When(council_id__in=patch, then=Value(0)), default=Value(1))
        )
        qs = qs.order_by("elsewhere", "registration_status", "name", "pk")
    else:
        qs = qs.order_by("registration_status", "name", "pk")
    rows, more = _take(qs)
    return Group(
        "workplaces",
        _("Workplaces"),
        [
            Hit(
                loc.name,
                reverse("register:location-detail", args=[loc.cqc_id]),
                " · ".join(
                    x
                    for x in (loc.town, loc.postcode, loc.council.name if loc.council else "")
                    if x
                ),
            )
            for loc in rows
        ],
        _list_url("register:location-list", q),
        more,
    )


def _providers(user: User, q: str) -> Group | None:
    if not has_perm(user, "view_register"):
        return None
    qs = providers_visible_to(user).filter(name__icontains=q).order_by("name", "pk")
    rows, more = _take(qs)
    return Group(
        "providers",
        _("Providers"),
        [Hit(p.name, reverse("register:provider-detail", args=[p.pk])) for p in rows],
        "",
        more,
    )


def _councils(user: User, q: str) -> Group | None:
    if not has_perm(user, "view_register"):
        return None
    qs = (
        councils_visible_to(user)
        .filter(Q(name__icontains=q) | Q(ons_code__iexact=q))
        .order_by("name")
    )
    rows, more = _take(qs)
    return Group(
        "councils",
        _("Councils"),
        [Hit(c.name, reverse("register:council-detail", args=[c.ons_code])) for c in rows],
        "",
        more,
    )


def _partners(user: User, q: str) -> Group | None:
    if not has_perm(user, "view_alliances"):
        return None
    qs = partners_visible_to(user).filter(name__icontains=q).order_by("name", "pk")
    rows, more = _take(qs)
    return Group(
        "partners",
        _("Partners"),
        [
            Hit(p.name, reverse("alliances:partner-detail", args=[p.pk]), p.get_kind_display())
            for p in rows
        ],
        _list_url("alliances:partner-list", q),
        more,
    )


def _library(user: User, q: str) -> Group | None:
    if not has_perm(user, "view_library"):
        return None
    qs = (
        items_visible_to(user)
        .filter(Q(title__icontains=q) | Q(summary__icontains=q))
        .order_by("title", "pk")
    )
    rows, more = _take(qs)
    return Group(
        "library",
        _("Library"),
        [
            Hit(i.title, reverse("library:item-detail", args=[i.pk]), i.get_kind_display())
            for i in rows
        ],
        _list_url("library:item-list", q),
        more,
    )


def _campaigns(user: User, q: str) -> Group | None:
    if not has_perm(user, "view_campaigns"):
        return None
    qs = (
        campaigns_visible_to(user)
        .filter(Q(name__icontains=q) | Q(aims__icontains=q))
        .order_by("-starts_on", "name")
    )
    rows, more = _take(qs)
    return Group(
        "campaigns",
        _("Campaigns"),
        [Hit(c.name, reverse("campaigns:campaign-detail", args=[c.slug])) for c in rows],
        _list_url("campaigns:campaign-list", q),
        more,
    )
