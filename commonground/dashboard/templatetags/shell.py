"""Template tags of the app shell (``base.html``)."""

from __future__ import annotations

from typing import Any

from django import template

from commonground.accounts.permissions import has_perm
from commonground.dashboard.help import Topic, topic_for_page

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
