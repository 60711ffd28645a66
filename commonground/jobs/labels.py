"""Words for the counts a finished job reports (a job's ``result``), instead of its keys.

Keys without a label here are shown with their underscores as spaces; add one when a task
reports a new count.
"""

from __future__ import annotations

from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy as _

RESULT_LABELS: dict[str, Any] = {
    # linkage (``linkage.services.link_people``)
    "people": _("People looked at"),
    "auto": _("Linked automatically"),
    "review": _("Sent to the review queue"),
    "none": _("No likely workplace found"),
    "linked": _("Linked"),
    "provider_only": _("Linked to an employer only (no workplace)"),
    "by_alias": _("Linked through a name confirmed before"),
    "unchanged": _("Unchanged"),
    # imports
    "rows": _("Rows read"),
    "read": _("Rows read"),
    "created": _("Created"),
    "updated": _("Updated"),
    "rejected": _("Rejected"),
    "skipped": _("Skipped"),
    "stale": _("Older than the data held (not applied)"),
    "deregistered": _("Deregistered"),
    "unresolved": _("Without a council"),
    "flagged": _("Not in the latest file"),
    "seconds": _("Seconds"),
}


def result_rows(result: Any) -> list[tuple[str, str]]:
    """(label, value) pairs of a job's result, numbers with thousands separators."""
    if not isinstance(result, dict):
        return []
    rows = []
    for key, value in result.items():
        label = RESULT_LABELS.get(key) or str(key).replace("_", " ").capitalize()
        shown = intcomma(value) if isinstance(value, int) and not isinstance(value, bool) else value
        rows.append((str(label), str(shown)))
    return rows
