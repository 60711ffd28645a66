"""``{% coverage_banner %}``: the register's gaps for the councils a page shows (issue 16)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commonground.accounts.access import patch_council_ids
from commonground.register import access
from commonground.register.coverage import STALE_AFTER_DAYS, Gaps, gaps
from commonground.register.forms import CouncilForm
from commonground.register.models import Council, Region

register = template.Library()

# Up to this many councils are named in the banner; more are counted (the coverage page,
# one tap away, lists them): the banner stays a line or two on a phone.
NAMED = 3


@register.inclusion_tag("register/_coverage_banner.html", takes_context=True)
def coverage_banner(context: template.Context, council: str = "") -> dict[str, Any]:
    """Councils in view without home-care data, or whose newest data is over 35 days old.

    The councils in view: ``council`` (an ONS code), else the page's ``?council=``, else
    the councils of the user's branches (branch organisers and reps), else the page's
    ``region``, else the user's region.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"gaps": None}
    councils = access.councils_visible_to(user)
    code = council or CouncilForm(request.GET).values["council"]
    region = context.get("region")
    patch = patch_council_ids(user)
    if code:
        councils = councils.filter(ons_code=code)
    elif patch:
        councils = councils.filter(pk__in=patch)
    elif isinstance(region, Region):
        councils = councils.filter(region=region)
    elif user.region_id:
        councils = councils.filter(region_id=user.region_id)
    found = gaps(councils)
    if not found:
        return {"gaps": None}
    mine = bool(patch) and not code
    return {
        "gaps": found,
        "headline": " ".join(_headlines(found, mine)),
        "fill": _("How to fill the gap →"),
        "coverage_url": _coverage_url(found),
    }


def _headlines(found: Gaps, mine: bool) -> list[str]:
    """One short sentence per kind of gap. Councils with no home-care data are named (or
    counted); old data is spoken of only for the others (the same import fills both)."""
    total = len(found.no_home_care) + len(found.with_home_care)
    lines = []
    if found.no_home_care:
        lines.append(
            _("No home-care data for %(councils)s.")
            % {"councils": _councils(found.no_home_care, total, mine)}
        )
    lacking = {c.pk for c in found.no_home_care}
    stale = [row.council for row in found.stale if row.council.pk not in lacking]
    if stale:
        lines.append(
            _("No register data from the last %(days)s days for %(councils)s.")
            % {"days": STALE_AFTER_DAYS, "councils": _councils(stale, total, mine)}
        )
    return lines


def _councils(councils: list[Council], total: int, mine: bool) -> str:
    """ "Bolton", "Bolton, Bury and Wigan"; more are counted: "23 of 24 councils"."""
    if len(councils) <= NAMED:
        return str(get_text_list([c.name for c in councils], _("and")))
    values = {"n": len(councils), "total": total}
    if mine:
        return (
            ngettext("%(n)s of your %(total)s council", "%(n)s of your %(total)s councils", total)
            % values
        )
    return ngettext("%(n)s of %(total)s council", "%(n)s of %(total)s councils", total) % values


def _coverage_url(found: Gaps) -> str:
    named = [*found.no_home_care, *(row.council for row in found.stale)]
    query = {"show": "gaps"}
    if len({c.pk for c in named}) == 1:
        query["q"] = named[0].name
    return f"{reverse('register:coverage')}?{urlencode(query)}"
