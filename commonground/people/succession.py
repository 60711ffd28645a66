"""Carrying what the union holds about a home over to its current registration.

When CQC re-registers a home (``register.succession``), the people linked to the old
registration, their workplace roles (reps) and reps' workplace assignments move to the
current one, so density follows the home. Audited (``register.location.carried_over``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from commonground.accounts.models import WorkplaceAssignment
from commonground.audit.log import log_action
from commonground.lib import datacache
from commonground.people.models import Person, WorkplaceRole
from commonground.register.models import Location
from commonground.register.succession import current_registrations


@transaction.atomic
def carry_over(
    actor: Any, old: Location, new: Location, *, request: HttpRequest | None = None
) -> dict[str, int]:
    """Move people, workplace roles (reps) and rep assignments from ``old`` to ``new``."""
    if old.pk == new.pk:
        return {}
    people = list(Person.objects.filter(location=old).values_list("pk", flat=True))
    moved_people = Person.objects.filter(pk__in=people).update(location=new)
    if old.provider_id is not None and new.provider_id not in (None, old.provider_id):
        # People linked to the home were linked to its provider through it.
        Person.objects.filter(pk__in=people, provider_id=old.provider_id).update(
            provider_id=new.provider_id
        )
    roles = WorkplaceRole.objects.filter(location=old).update(location=new)
    assignments = 0
    for assignment in WorkplaceAssignment.objects.filter(location=old):
        _created = WorkplaceAssignment.objects.get_or_create(
            user_id=assignment.user_id,
            location=new,
            defaults={"assigned_by_id": assignment.assigned_by_id},
        )[1]
        assignment.delete()
        assignments += 1
    counts = {
        "people": moved_people,
        "roles": roles,
        "assignments": assignments,
    }
    if any(counts.values()):
        log_action(
            new,
            "register.location.carried_over",
            actor,
            {"from": old.cqc_id, "to": new.cqc_id, **counts, "person_ids": people},
            request=request,
        )
        datacache.changed("people", "register")
    return counts


def carry_over_chains(actor: Any, **_signal: Any) -> dict[str, int]:
    """After an import or sync: carry everything held at old registrations to current ones."""
    olds = set(Location.objects.filter(successors__isnull=False).values_list("pk", flat=True))
    if not olds:
        return {}
    busy = set(
        Person.objects.filter(location_id__in=olds).values_list("location_id", flat=True)
    ) | set(
        WorkplaceRole.objects.filter(location_id__in=olds).values_list("location_id", flat=True)
    )
    busy |= set(
        WorkplaceAssignment.objects.filter(location_id__in=olds).values_list(
            "location_id", flat=True
        )
    )
    totals: dict[str, int] = defaultdict(int)
    if not busy:
        return {}
    current = current_registrations(busy)
    locations = Location.objects.in_bulk(set(busy) | set(current.values()))
    for pk in sorted(busy):
        if current[pk] != pk:
            for key, n in carry_over(actor, locations[pk], locations[current[pk]]).items():
                totals[key] += n
    return dict(totals)
