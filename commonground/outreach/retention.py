"""Retention of message bodies: cleared after ``MESSAGE_BODY_MONTHS`` (docs/data-protection.md).

Who was sent which template when, to which address, and what became of it stay (they are
the record of the send and of opt-outs); the rendered subject and body go.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from commonground.outreach.models import Message
from commonground.people.retention import RuleResult, months_before, periods, register_rule


def stale_bodies(cutoff: datetime.datetime) -> list[int]:
    """Ids of messages sent (or queued) before ``cutoff`` that still hold their text."""
    old = Q(sent_at__lt=cutoff) | Q(sent_at__isnull=True, mailing__created__lt=cutoff)
    return list(
        Message.objects.filter(old)
        .filter(~Q(body="") | ~Q(subject=""))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def clear_bodies(ids: list[int]) -> int:
    cleared = 0
    for start in range(0, len(ids), 900):
        cleared += Message.objects.filter(pk__in=ids[start : start + 900]).update(
            subject="", body=""
        )
    return cleared


def message_bodies(now: datetime.datetime, apply: bool) -> RuleResult:
    """The ``message_bodies`` retention rule (``purge --rule message_bodies``)."""
    cutoff = months_before(now, periods()["MESSAGE_BODY_MONTHS"])
    ids = stale_bodies(cutoff)
    if apply:
        clear_bodies(ids)
    return RuleResult("message_bodies", cutoff.date().isoformat(), {"messages": len(ids)}, ids)


register_rule("message_bodies", message_bodies)
