"""``{% provider_density provider region %}``: a provider's density, for the register's provider
page (the register sits below density; the figures are computed here, suppressed through the
user's scope as on every density page)."""

from __future__ import annotations

from typing import Any

from django import template

from commonground.density.measure import scope_for
from commonground.density.queries import provider_rows, provider_table

register = template.Library()


@register.inclusion_tag("density/_provider_density.html", takes_context=True)
def provider_density(context: template.Context, provider: Any, region: Any) -> dict[str, Any]:
    user = context["request"].user
    scope = scope_for(user, region)
    rows = provider_rows(scope, provider_table(scope).filter(pk=provider.pk))
    return {"density": rows[0] if rows else None}
