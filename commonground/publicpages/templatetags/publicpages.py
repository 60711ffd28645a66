"""``{% worker_evidence target charter %}``: what workers told the charter surveys about each
commitment, for a charter target's page (loaded by the charters template, so that the
charters app needs no import of this one)."""

from __future__ import annotations

from typing import Any

from django import template

from commonground.accounts.permissions import must_suppress
from commonground.publicpages.queries import target_evidence

register = template.Library()


@register.inclusion_tag("publicpages/_worker_evidence.html", takes_context=True)
def worker_evidence(context: dict[str, Any], target: Any, charter: Any = None) -> dict[str, Any]:
    user = context.get("user")
    hide_small = must_suppress(user)
    evidence = target_evidence(target, hide_small=hide_small)
    rows = [r for r in evidence.rows if charter is None or r.commitment.charter_id == charter.pk]
    return {
        "rows": rows,
        "providers": evidence.providers if rows else [],
        "respondents": evidence.respondents,
        "hide_small": hide_small,
        "charter": charter,
        "target": target,
    }
