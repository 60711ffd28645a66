"""Template tags of the app shell (``base.html``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from commonground.accounts.permissions import has_perm
from commonground.audit.display import action_label, describe
from commonground.dashboard.help import Topic, topic_for_page
from commonground.dashboard.workplace import workplace_panel as build_panel
from commonground.jobs.labels import result_rows
from commonground.lib import formats
from commonground.register.models import Location

register = template.Library()


@register.simple_tag(takes_context=True)
def section_help(context: dict[str, Any]) -> Topic | None:
    """The help topic of the page being shown, when the user may read it."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    topic = topic_for_page(getattr(match, "app_name", None), getattr(match, "url_name", None))
    user = getattr(request, "user", None)
    if topic is None or (topic.perm and not has_perm(user, topic.perm)):
        return None
    return topic


@register.inclusion_tag("dashboard/_workplace_panel.html", takes_context=True)
def workplace_panel(context: dict[str, Any], location: Location) -> dict[str, Any]:
    """Members, reps, density, wall chart, follow-ups, campaigns and charters of a workplace."""
    request = context.get("request")
    panel = build_panel(request.user, location, request) if request is not None else {}
    return {**panel, "request": request, "perms_cg": context.get("perms_cg")}


@register.filter
def money(value: Any) -> str:
    """``{{ amount|money }}``: "£48,250,000" or "£12.50"."""
    return formats.money(value)


@register.filter
def audit_details(data: Any) -> list[tuple[str, str]]:
    """An audit row's data as (label, value) pairs."""
    return describe(data)


@register.filter
def action_words(code: str) -> str:
    """An audit action in words ("Person viewed"); :func:`audit.display.action_label`."""
    return action_label(code)


@register.filter
def job_result(result: Any) -> list[tuple[str, str]]:
    """A finished job's counts as (label, value) pairs."""
    return result_rows(result)


@register.simple_tag
def map_tiles() -> dict[str, str]:
    """The operator's tile layer for maps, if any (``COMMONGROUND_TILE_URL``; off by default)."""
    return {
        "url": settings.COMMONGROUND_TILE_URL,
        "attribution": settings.COMMONGROUND_TILE_ATTRIBUTION,
    }
