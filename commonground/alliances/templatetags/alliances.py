"""``{% campaign_partners campaign %}``: a campaign's partners from Alliances, on its page.

A template tag, not a view the campaigns app calls: alliances sits above campaigns (it links
joint actions to events), so campaigns never imports it.
"""

from __future__ import annotations

from typing import Any

from django import template

from commonground.alliances.access import partners_visible_to
from commonground.campaigns.access import campaigns_writable_by
from commonground.campaigns.models import Campaign

register = template.Library()


@register.inclusion_tag("alliances/_campaign_partners.html", takes_context=True)
def campaign_partners(context: dict[str, Any], campaign: Campaign) -> dict[str, Any]:
    request = context["request"]
    visible = partners_visible_to(request.user).filter(region_id=campaign.region_id)
    linked = list(visible.filter(campaigns=campaign).order_by("name"))
    can_change = campaigns_writable_by(request.user).filter(pk=campaign.pk).exists()
    return {
        "campaign": campaign,
        "linked": linked,
        "others": list(visible.exclude(campaigns=campaign).order_by("name")) if can_change else [],
        "can_change": can_change,
        "csrf_token": context.get("csrf_token"),
    }
