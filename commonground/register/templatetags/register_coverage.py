"""``{% coverage_banner %}``: the register's gaps for the councils a page shows (issue 16)."""

from __future__ import annotations

from typing import Any

from django import template

from commonground.register import access
from commonground.register.coverage import FILL_HOME_CARE, FILL_STALE, STALE_AFTER_DAYS, gaps
from commonground.register.forms import CouncilForm
from commonground.register.models import Region

register = template.Library()


@register.inclusion_tag("register/_coverage_banner.html", takes_context=True)
def coverage_banner(context: template.Context, council: str = "") -> dict[str, Any]:
    """Councils in view without home-care data, or whose newest data is over 35 days old.

    The councils in view: ``council`` (an ONS code), else the page's ``?council=``, else
    the page's ``region``, else the user's region.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"gaps": None}
    councils = access.councils_visible_to(user)
    code = council or CouncilForm(request.GET).values["council"]
    region = context.get("region")
    if code:
        councils = councils.filter(ons_code=code)
    elif isinstance(region, Region):
        councils = councils.filter(region=region)
    elif user.region_id:
        councils = councils.filter(region_id=user.region_id)
    found = gaps(councils)
    return {
        "gaps": found if found else None,
        "fill_home_care": FILL_HOME_CARE,
        "fill_stale": FILL_STALE,
        "stale_days": STALE_AFTER_DAYS,
    }
