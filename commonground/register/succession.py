"""One home, several registrations: succession chains and the current registration.

When a home changes provider (or address, or legal entity), CQC registers a new location id
and deregisters the old one. The API says so (``relationships``: "HSCA Predecessor" /
"HSCA Successor", kept in ``predecessor_ids``/``successor_ids`` and linked by
``link_relationships``); files do not, so for file imports a chain is inferred
(``link_file_successions``): the same postcode, the same name (and the same street address
when both rows have one), the old registration ended (deregistered, or gone from the
latest full file) and the new one starting when the old one ended (a week's overlap allowed, as CQC's own
chains show) and within a year of it.

``current_registration(location)`` is the one function that says which registration of a
chain is current (docs/development.md). Moving what the union holds about a home to the
current registration is the people app's (``people.succession``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import timedelta
from typing import Any, TypeVar

import django.dispatch
from django.db.models import Q

from commonground.register.models import Location, RegistrationStatus

K = TypeVar("K", int, str)

registrations_chained = django.dispatch.Signal()
"""Sent by the register importer (imports and syncs) after it has linked registrations, with
``actor``: the people app carries people and reps over to current registrations
(``people.succession.carry_over_chains``); receivers return counts."""

MAX_GAP = timedelta(days=366)
# CQC's own chains overlap by a day or two (Oldham: old ends 30 Jan, new starts 29 Jan).
OVERLAP = timedelta(days=7)


def _links() -> dict[int, set[int]]:
    """successor pk → predecessor pks, for every link held."""
    through = Location.predecessors.through
    links: dict[int, set[int]] = defaultdict(set)
    for successor, predecessor in through.objects.values_list("from_location_id", "to_location_id"):
        links[successor].add(predecessor)
    return links


def current_registrations(location_ids: Iterable[int]) -> dict[int, int]:
    """For each location pk, the pk of the current registration of its chain (itself if none).

    The current registration is reached by following successors; where a chain forks, the
    registered successor with the latest registration date wins (:func:`follow_successions`).
    One query for the links and one for the candidates' status, whatever the number of ids:
    the linkage engine's register (``linkage.services.build_register``) calls it for a whole
    register.
    """
    successors: dict[int, set[int]] = defaultdict(set)
    for successor, predecessors in _links().items():
        for predecessor in predecessors:
            successors[predecessor].add(successor)
    ids = list(location_ids)
    if not successors:
        return {pk: pk for pk in ids}
    involved = set(successors) | {s for group in successors.values() for s in group}
    facts = {
        pk: (status == RegistrationStatus.REGISTERED, registered.isoformat() if registered else "")
        for pk, status, registered in Location.objects.filter(pk__in=involved).values_list(
            "pk", "registration_status", "registration_date"
        )
    }
    return follow_successions(ids, successors, facts)


def follow_successions(
    ids: Iterable[K], successors: Mapping[K, Collection[K]], facts: Mapping[K, tuple[bool, str]]
) -> dict[K, K]:
    """The rule itself, on any keys: for each id, the current registration of its chain.

    ``successors``: id -> the ids that succeed it; ``facts``: id -> (registered now, ISO
    registration date). Successors are followed; where a chain forks, the registered one
    with the latest registration date wins. The linkage bench, which has no database,
    applies it to a register file's succession columns.
    """

    def rank(key: K) -> tuple[bool, str]:
        return facts.get(key, (False, ""))

    result: dict[K, K] = {}
    for key in ids:
        current, seen = key, {key}
        while successors.get(current):
            nxt = max(set(successors[current]) - seen, key=rank, default=None)
            if nxt is None:
                break
            seen.add(nxt)
            current = nxt
        result[key] = current
    return result


def predecessor_names(location_ids: Iterable[int]) -> dict[int, list[str]]:
    """For each of ``location_ids`` that is the current registration of a chain, the names
    its other registrations bore (their names and previous names), oldest first; those
    among ``location_ids`` themselves are left out (they are there under their own names).

    Members go on writing a home's old name after it is registered again ("Pegasus" for
    what CQC now lists as "Willow Bank"): the linkage engine reads these as previous names
    of the current registration (``linkage.services.build_register``).
    """
    ids = set(location_ids)
    links = _links()
    if not links:
        return {}
    successors: dict[int, set[int]] = defaultdict(set)
    for successor, predecessors in links.items():
        for predecessor in predecessors:
            successors[predecessor].add(successor)
    involved = set(successors) | set(links)
    rows = {
        pk: (status == RegistrationStatus.REGISTERED, registered, name, previous)
        for pk, status, registered, name, previous in Location.objects.filter(
            pk__in=involved
        ).values_list("pk", "registration_status", "registration_date", "name", "previous_names")
    }
    facts = {pk: (r[0], r[1].isoformat() if r[1] else "") for pk, r in rows.items()}
    current = follow_successions(sorted(involved - ids), successors, facts)
    out: dict[int, list[str]] = {}
    for pk in sorted(current, key=lambda k: (facts.get(k, (False, ""))[1], k)):
        now = current[pk]
        if now == pk or now not in ids or pk not in rows:
            continue
        _reg, _date, name, previous = rows[pk]
        names = out.setdefault(now, [])
        for n in (*(p for p in previous or () if isinstance(p, str)), name):
            if n and n not in names:
                names.append(n)
    return out


def current_registration(location: Location) -> Location:
    """The current registration of ``location``'s chain (``location`` itself when current)."""
    pk = current_registrations([location.pk])[location.pk]
    return location if pk == location.pk else Location.objects.get(pk=pk)


def chain(location: Location) -> list[dict[str, Any]]:
    """Every registration of the chain, oldest first, each with how the link is known."""
    links = _links()
    neighbours: dict[int, set[int]] = defaultdict(set)
    for successor, predecessors in links.items():
        for predecessor in predecessors:
            neighbours[successor].add(predecessor)
            neighbours[predecessor].add(successor)
    members, todo = {location.pk}, [location.pk]
    while todo:
        for other in neighbours[todo.pop()] - members:
            members.add(other)
            todo.append(other)
    if len(members) == 1:
        return []
    rows = list(Location.objects.filter(pk__in=members).select_related("provider", "council"))
    by_pk = {loc.pk: loc for loc in rows}
    current = current_registrations([location.pk])[location.pk]
    rows.sort(key=lambda loc: (loc.registration_date is None, loc.registration_date, loc.pk))
    result = []
    for loc in rows:
        before = [by_pk[p] for p in links.get(loc.pk, ()) if p in by_pk]
        result.append(
            {
                "location": loc,
                "current": loc.pk == current,
                "this": loc.pk == location.pk,
                # A link CQC gave (its relationship ids), or one inferred from the files.
                "from_cqc": all(
                    p.cqc_id in loc.predecessor_ids or loc.cqc_id in p.successor_ids for p in before
                ),
                "after": before,
            }
        )
    return result


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()


def link_file_successions() -> int:
    """Infer chains the files imply (see the module doc); returns the links added."""
    ended = list(
        Location.objects.filter(
            Q(registration_status=RegistrationStatus.DEREGISTERED) | Q(not_in_latest_file=True)
        )
        .exclude(postcode="")
        .values("pk", "postcode", "name", "address", "registration_date", "deregistration_date")
    )
    if not ended:
        return 0
    postcodes = {row["postcode"] for row in ended}
    fresh: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in Location.objects.filter(
        postcode__in=postcodes,
        registration_status=RegistrationStatus.REGISTERED,
        not_in_latest_file=False,
    ).values("pk", "postcode", "name", "address", "registration_date"):
        fresh[(row["postcode"], _name_key(row["name"]))].append(dict(row))
    through = Location.predecessors.through
    held = set(through.objects.values_list("from_location_id", "to_location_id"))
    new = []
    for old in ended:
        for candidate in fresh.get((old["postcode"], _name_key(old["name"])), []):
            if candidate["pk"] == old["pk"] or (candidate["pk"], old["pk"]) in held:
                continue
            if (
                old["address"]
                and candidate["address"]
                and _name_key(old["address"]) != _name_key(candidate["address"])
            ):
                continue
            start, end = candidate["registration_date"], old["deregistration_date"]
            if start is None:
                continue
            if end is not None and not (end - OVERLAP <= start <= end + MAX_GAP):
                continue
            if end is None and (
                old["registration_date"] is None or start <= old["registration_date"]
            ):
                continue
            new.append(through(from_location_id=candidate["pk"], to_location_id=old["pk"]))
            held.add((candidate["pk"], old["pk"]))
    through.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def link_relationships() -> int:
    """Make predecessor links from the CQC ids held on locations; returns links added."""
    ids = dict(Location.objects.values_list("cqc_id", "pk"))
    pairs: set[tuple[int, int]] = set()
    rows = Location.objects.exclude(predecessor_ids=[], successor_ids=[]).values_list(
        "pk", "predecessor_ids", "successor_ids"
    )
    for pk, predecessors, successors in rows:
        for cqc_id in predecessors or []:
            if cqc_id in ids:
                pairs.add((pk, ids[cqc_id]))  # pk's predecessor
        for cqc_id in successors or []:
            if cqc_id in ids:
                pairs.add((ids[cqc_id], pk))  # the successor's predecessor is pk
    through = Location.predecessors.through
    held = set(through.objects.values_list("from_location_id", "to_location_id"))
    new = [
        through(from_location_id=a, to_location_id=b)
        for a, b in sorted(pairs - held)
        if a != b  # a location is never its own predecessor
    ]
    through.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
