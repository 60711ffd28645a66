"""Linkage between the database and the pure engine.

- :func:`build_register` reads the register (and confirmed aliases) with a handful of
  ``values_list`` queries and builds one :class:`~commonground.linkage.engine.Matcher`; a run
  builds it once and matches every record against it.
- :func:`link_people` links the people in the database: *auto* links go through
  ``people.actions.link_people_to_locations`` (method ``"auto"``), *review* outcomes become
  :class:`ReviewItem` rows for the queue, *none* outcomes are recorded (status ``none``) so
  that a reviewer can still search the register for them.

Aliases: a confirmation is remembered as a :class:`LinkAlias` keyed on the normalised text
and the postcode district. One with the record's district wins; otherwise an alias applies
anywhere when every confirmation of that text agrees. Unanimous location aliases are also
given to the engine, so near-spellings of a confirmed text gain name evidence.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from commonground.accounts.models import Branch
from commonground.audit.log import log_action
from commonground.lib.postcodes import parse_postcode
from commonground.linkage.engine import (
    Candidate,
    Match,
    Matcher,
    Query,
    Scored,
)
from commonground.linkage.models import UNDECIDED, LinkAlias, ReviewItem, ReviewStatus
from commonground.linkage.normalise import alias_key
from commonground.linkage.parallel import (
    MIN_PARALLEL,
    ParallelStats,
    default_workers,
    map_ordered,
    text_key,
)
from commonground.people.models import Person
from commonground.register.models import Location, PostcodeDistrict, Provider, RegistrationStatus
from commonground.register.succession import current_registrations, predecessor_names

ProgressFn = Callable[..., None]

# Link methods a person set: linking never overwrites them.
HUMAN_METHODS = ("confirmed", "manual")
CHUNK = 500


class LocationInfo(NamedTuple):
    pk: int
    cqc_id: str
    name: str
    provider_id: int | None
    provider_name: str
    provider_cqc_id: str
    postcode: str
    town: str
    council: str


class LinkTarget(NamedTuple):
    location_id: int | None
    provider_id: int | None


def district_of(postcode: str | None) -> str:
    pc = parse_postcode(postcode)
    return pc.district if pc is not None else ""


def alias_text(workplace: str, employer: str) -> str:
    """The text a confirmation is remembered under: the workplace, else the employer."""
    return workplace if alias_key(workplace) else employer


class AliasBook:
    """Confirmed aliases: exact (text, district) first, then unanimous text anywhere."""

    def __init__(self, rows: Iterable[tuple[str, str, int | None, int | None]]) -> None:
        self.by_district: dict[tuple[str, str], LinkTarget] = {}
        seen: dict[str, set[LinkTarget]] = {}
        for key, district, location_id, provider_id in rows:
            target = LinkTarget(location_id, provider_id)
            self.by_district[(key, district)] = target
            seen.setdefault(key, set()).add(target)
        self.unanimous = {k: next(iter(t)) for k, t in seen.items() if len(t) == 1}
        self._cache: dict[tuple[str, str], LinkTarget | None] = {}

    def __bool__(self) -> bool:
        return bool(self.by_district)

    def resolve(self, text: str, postcode: str) -> LinkTarget | None:
        if not self.by_district or not text:
            return None
        key = (text, postcode)
        if key in self._cache:
            return self._cache[key]
        k = LinkAlias.key_for(text)
        found = None
        if k:
            district = district_of(postcode)
            found = self.by_district.get((k, district)) if district else None
            if found is None:
                found = self.unanimous.get(k)
        if len(self._cache) < 100_000:
            self._cache[key] = found
        return found

    def engine_aliases(self) -> dict[str, str]:
        """Unanimous location aliases as the engine takes them: text -> location id."""
        return {k: str(t.location_id) for k, t in self.unanimous.items() if t.location_id}


@dataclass
class Register:
    """The register as one run sees it."""

    matcher: Matcher
    locations: dict[str, LocationInfo]
    provider_cqc: dict[int, str]
    aliases: AliasBook
    provider_names: dict[int, str] = field(default_factory=dict)

    def decide(self, q: Query) -> Match:
        """An alias first (a person's confirmation beats the engine), then the engine."""
        # Only when there are aliases: working out the alias text parses the workplace,
        # which the engine does again (an eighth of the matching time without aliases).
        if self.aliases:
            hit = self.aliases.resolve(alias_text(q.workplace, q.employer), q.postcode)
        else:
            hit = None
        if hit is not None:
            return Match(
                q.id,
                str(hit.location_id) if hit.location_id else None,
                str(hit.provider_id) if hit.provider_id else None,
                100.0,
                "auto",
                [],
                "confirmed alias",
            )
        return self.matcher.match(q)

    def candidate_dicts(self, match: Match) -> list[dict[str, Any]]:
        """The top candidates with what a reviewer needs to judge them (stored as JSON)."""
        return [self._candidate(c) for c in match.candidates[:5]]

    def _candidate(self, c: Scored) -> dict[str, Any]:
        info = self.locations.get(c.location_id) if c.location_id else None
        provider_pk = int(c.provider_id) if c.provider_id else None
        return {
            "location_id": info.pk if info else None,
            "cqc_id": info.cqc_id if info else "",
            "provider_id": provider_pk,
            "name": c.name,
            "provider_name": info.provider_name
            if info
            else self.provider_names.get(provider_pk or 0, ""),
            "postcode": info.postcode if info else "",
            "town": info.town if info else "",
            "council": info.council if info else "",
            "score": c.score,
            "name_score": c.name_score,
            "name_matched": c.name_matched,
            "matched_text": c.matched_text,
            "postcode_level": c.postcode_level,
            "town_agrees": c.town_agrees,
            "provider_agrees": c.provider_agrees,
            "reasons": c.reasons,
        }


def register_locations(region_id: int | None = None) -> Iterator[tuple[Any, ...]]:
    """Registered social-care locations: the only places a member can be linked to (those
    in ``region_id``'s councils when given)."""
    qs = Location.objects.filter(
        is_social_care=True, registration_status=RegistrationStatus.REGISTERED
    )
    if region_id is not None:
        qs = qs.filter(council__region_id=region_id)
    return (
        qs.order_by("pk")
        .values_list(
            "pk",
            "cqc_id",
            "name",
            "previous_names",
            "also_known_as",
            "provider_id",
            "provider__name",
            "provider__cqc_id",
            "postcode",
            "town",
            "council__ons_code",
            "council__name",
            "service_types_text",
            "registration_date",
        )
        .iterator(chunk_size=5000)
    )


def build_register(region_id: int | None = None) -> Register:
    """Read the register (``region_id``'s part of it when given) and the aliases (three
    queries) and index them for matching."""
    aliases = AliasBook(
        LinkAlias.objects.values_list("key", "district", "location_id", "provider_id")
    )
    candidates: list[Candidate] = []
    infos: dict[str, LocationInfo] = {}
    provider_cqc: dict[int, str] = {}
    provider_names: dict[int, str] = {}
    for (
        pk,
        cqc_id,
        name,
        previous,
        aka,
        provider_id,
        provider_name,
        provider_cqc_id,
        postcode,
        town,
        council_code,
        council_name,
        service_types,
        registered_on,
    ) in register_locations(region_id):
        # CQC's "also known as" is a trading name: scored like a previous name, never
        # trusted as a confirmation.
        names = tuple(n for n in (previous or []) if isinstance(n, str) and n)
        if aka and aka != name:
            names += (aka,)
        key = str(pk)
        candidates.append(
            Candidate(
                location_id=key,
                name=name,
                previous_names=names,
                provider_id=str(provider_id) if provider_id else None,
                provider_name=provider_name,
                postcode=postcode or None,
                town=town or None,
                council_code=council_code,
                council_name=council_name or None,
                service_types=tuple(t for t in (service_types or "").split("|") if t),
                registered_on=registered_on.isoformat() if registered_on else "",
            )
        )
        infos[key] = LocationInfo(
            pk,
            cqc_id,
            name,
            provider_id,
            provider_name or "",
            provider_cqc_id or "",
            postcode,
            town,
            council_name or "",
        )
        if provider_id:
            provider_cqc[provider_id] = provider_cqc_id or ""
            provider_names[provider_id] = provider_name or ""
    # Provider-only aliases may name a provider none of whose homes are registered now.
    missing = {
        t.provider_id for t in aliases.by_district.values() if t.provider_id
    } - provider_cqc.keys()
    for pk, cqc_id, pname in Provider.objects.filter(pk__in=missing).values_list(
        "pk", "cqc_id", "name"
    ):
        provider_cqc[pk] = cqc_id or ""
        provider_names[pk] = pname
    # A home registered again (a change of provider) is one workplace: the register's
    # succession rule says which registration is current.
    current = current_registrations(info.pk for info in infos.values())
    candidates = [
        replace(c, current_id=str(now))
        if (now := current.get(int(c.location_id))) is not None
        and now != int(c.location_id)
        and str(now) in infos
        else c
        for c in candidates
    ]
    # The names of its registrations no longer registered (a change of provider): members
    # go on writing the old name, which is then a previous name of the current one.
    old_names = predecessor_names(int(c.location_id) for c in candidates)
    if old_names:
        candidates = [
            replace(c, previous_names=(*c.previous_names, *extra))
            if (extra := old_names.get(int(c.location_id)))
            else c
            for c in candidates
        ]
    # Where each postcode district is: a record's postcode far from a home counts against it.
    points: dict[str, tuple[float, float]] = {}
    for outcode, lat, lon in PostcodeDistrict.objects.values_list(
        "outcode", "latitude", "longitude"
    ):
        if lat is not None and lon is not None:
            points[outcode] = (lat, lon)
    matcher = Matcher(candidates, aliases=aliases.engine_aliases(), district_points=points)
    return Register(matcher, infos, provider_cqc, aliases, provider_names)


# -- Linking the people in the database ---------------------------------------------------


def people_to_link(branch: Branch | None = None) -> Any:
    """People with no workplace whose link was not set by a person, and not already judged
    "no match" for the same texts."""
    rejected = ReviewItem.objects.filter(
        person=OuterRef("pk"),
        status=ReviewStatus.REJECTED,
        workplace_text=OuterRef("workplace_text"),
        employer_text=OuterRef("employer_text"),
    )
    qs = (
        Person.objects.filter(location__isnull=True)
        .exclude(link_method__in=HUMAN_METHODS)
        .exclude(Exists(rejected))
        .exclude(Q(workplace_text="") & Q(employer_text="") & Q(postcode=""))
    )
    return qs.filter(branch=branch) if branch is not None else qs


class LinkOutcome(NamedTuple):
    """What the engine decided for one person, in a form a worker process can send back."""

    location_id: str | None
    provider_id: str | None
    score: float
    decision: str
    reason: str
    candidates: list[dict[str, Any]]
    """For the review queue: empty for auto links."""


def decide_row(reg: Register, row: tuple[Any, ...]) -> tuple[tuple[Any, ...], LinkOutcome]:
    """Match one row of :func:`people_to_link` (pure: no database)."""
    pk, _branch_id, employer, workplace, postcode, job_title, _provider_id = row
    m = reg.decide(Query(str(pk), employer or "", workplace or "", postcode or "", job_title))
    return row, outcome_of(reg, m)


def outcome_of(reg: Register, m: Match) -> LinkOutcome:
    """The engine's match as a :class:`LinkOutcome` (with the review queue's candidates)."""
    cands = reg.candidate_dicts(m) if m.decision != "auto" else []
    return LinkOutcome(m.location_id, m.provider_id, m.score, m.decision, m.reason, cands)


def link_people(
    branch: Branch | None = None,
    actor: Any = None,
    progress: ProgressFn | None = None,
    *,
    register: Register | None = None,
    workers: int | None = None,
    parallel_min: int = MIN_PARALLEL,
    stats: ParallelStats | None = None,
) -> dict[str, int]:
    """Link every unlinked person (of ``branch``, or all) to the register; counts by outcome.

    Auto links are written through ``people.actions.link_people_to_locations`` (one update
    per chunk, one audit row each); review and none outcomes upsert the person's undecided :class:`ReviewItem`.

    Matching takes the same parallel path as ``commonground match``
    (:func:`~commonground.linkage.parallel.map_ordered`): from ``parallel_min`` people on,
    ``workers`` processes (default the cores up to two: this one and workers forked from
    it) share the built register and match; this process also reads the people and writes
    the results, chunk by chunk. The forked workers never touch the database.
    """
    if workers is None:
        workers = default_workers()
    qs = people_to_link(branch)
    total = qs.count()
    counts = {
        "people": total,
        "auto": 0,
        "review": 0,
        "none": 0,
        "linked": 0,
        "provider_only": 0,
        "by_alias": 0,
        "unchanged": 0,
    }
    rows = qs.order_by("pk").values_list(
        "pk", "branch_id", "employer_text", "workplace_text", "postcode", "job_title", "provider_id"
    )
    done = 0
    # A branch's members work in its region: each region's people are matched against that
    # region's homes, so a record with no postcode is never offered (or linked to) a home of
    # the same name at the other end of England. A region with no homes of its own in the
    # register (councils not yet assigned) uses the whole register.
    regions = sorted(
        set(qs.order_by().values_list("branch__region_id", flat=True).distinct()),
        key=lambda r: (r is None, r or 0),
    )
    for region_id in regions if register is None else [None]:
        reg = register or build_register(region_id)
        if register is None and region_id is not None and not reg.locations:
            reg = build_register()
        in_region = rows if register is not None else rows.filter(branch__region_id=region_id)
        chunk: list[tuple[tuple[Any, ...], LinkOutcome]] = []
        decided = map_ordered(
            partial(decide_row, reg),
            in_region.iterator(chunk_size=CHUNK),
            workers=workers,
            key=lambda row: text_key(row[3] or "", row[2] or ""),
            init=partial(reg.matcher.share_caches, workers),
            min_parallel=parallel_min,
            stats=stats,
        )
        for item in decided:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                _link_chunk(chunk, counts, actor)
                done += len(chunk)
                chunk = []
                if progress is not None:
                    progress(done, total, "linking")
        if chunk:
            _link_chunk(chunk, counts, actor)
            done += len(chunk)
    if progress is not None:
        progress(done, total, "done")
    log_action(branch, "linkage.run.completed", actor or "linkage", counts)
    return counts


@transaction.atomic
def _link_chunk(
    decided: list[tuple[tuple[Any, ...], LinkOutcome]],
    counts: dict[str, int],
    actor: Any,
    *,
    people: dict[int, Person] | None = None,
    fresh: bool = False,
) -> None:
    """Write one chunk's decisions (the auto links in one ``people.actions`` write). ``people``:
    the rows' people, already loaded; ``fresh``: they were created in this transaction, so no
    review item about them exists yet."""
    from commonground.people.actions import WorkplaceLink, link_people_to_locations

    now = timezone.now()
    autos: list[tuple[int, LinkOutcome]] = []
    undecided: list[tuple[tuple[Any, ...], LinkOutcome]] = []
    for row, m in decided:
        pk, provider_id = row[0], row[6]
        counts[m.decision] += 1
        if m.decision == "auto":
            if m.reason == "confirmed alias":
                counts["by_alias"] += 1
            if m.location_id is None:
                counts["provider_only"] += 1
                if m.provider_id and provider_id == int(m.provider_id):
                    counts["unchanged"] += 1
                    continue
            autos.append((pk, m))
        else:
            undecided.append((row, m))

    if autos:
        if people is None:
            people = Person.objects.in_bulk([pk for pk, _ in autos])
        loc_ids = {int(m.location_id) for _, m in autos if m.location_id}
        prov_ids = {int(m.provider_id) for _, m in autos if m.provider_id}
        locations = Location.objects.in_bulk(loc_ids)
        providers = Provider.objects.in_bulk(prov_ids)
        links: list[WorkplaceLink] = []
        for pk, m in autos:
            person = people.get(pk)
            if person is None:  # deleted while we were matching
                continue
            location = locations.get(int(m.location_id)) if m.location_id else None
            provider = providers.get(int(m.provider_id)) if m.provider_id else None
            links.append(WorkplaceLink(person, location, provider, "auto", m.score))
        link_people_to_locations(actor, links)
        counts["linked"] += len(links)
        # Anything waiting for a person about these records is settled.
        if not fresh:
            ReviewItem.objects.filter(
                person_id__in=[pk for pk, _ in autos], status__in=UNDECIDED
            ).update(status=ReviewStatus.ACCEPTED, decided_at=now, updated=now)

    if undecided:
        existing = (
            {}
            if fresh
            else {
                item.person_id: item
                for item in ReviewItem.objects.filter(
                    person_id__in=[row[0] for row, _ in undecided], status__in=UNDECIDED
                )
            }
        )
        new: list[ReviewItem] = []
        changed: list[ReviewItem] = []
        for row, m in undecided:
            pk, branch_id, employer, workplace, postcode, job_title, _provider_id = row
            item = existing.get(pk) or ReviewItem(person_id=pk, branch_id=branch_id)
            item.workplace_text = (workplace or "")[:200]
            item.employer_text = (employer or "")[:200]
            item.postcode = (postcode or "")[:10]
            item.job_title = (job_title or "")[:200]
            item.candidates = m.candidates
            item.best_score = m.score
            item.reason = m.reason[:100]
            item.status = ReviewStatus.OPEN if m.decision == "review" else ReviewStatus.NONE
            item.updated = now
            (changed if item.pk else new).append(item)
        ReviewItem.objects.bulk_create(new, batch_size=CHUNK)
        ReviewItem.objects.bulk_update(
            changed,
            [
                "workplace_text",
                "employer_text",
                "postcode",
                "job_title",
                "candidates",
                "best_score",
                "reason",
                "status",
                "updated",
            ],
            batch_size=CHUNK,
        )


# -- One record at a time (public pages) ----------------------------------------------------

# A process keeps each region's register this long (or until the register's cache generation
# moves; not at all when lib.datacache's caching is off, as in tests): a public form links
# every submission, and building the register takes seconds.
REGISTER_SECONDS = 300
_registers: dict[int | None, tuple[float, int, Register]] = {}


def cached_register(region_id: int | None) -> Register:
    """The register of ``region_id`` (the whole register when the region has no homes of its
    own), built at most once per :data:`REGISTER_SECONDS` in this process."""
    from commonground.lib import datacache

    if not datacache.lifetime():  # caching off: every call reads the register
        reg = build_register(region_id)
        return reg if region_id is None or reg.locations else build_register()
    generation = datacache.generation("register")
    now = time.monotonic()
    held = _registers.get(region_id)
    if held is not None and held[0] > now and held[1] == generation:
        return held[2]
    reg = build_register(region_id)
    if region_id is not None and not reg.locations:
        reg = build_register()
    _registers[region_id] = (now + REGISTER_SECONDS, generation, reg)
    return reg


def link_person(
    person: Person,
    *,
    actor: Any = None,
    register: Register | None = None,
    match: Match | None = None,
    fresh: bool = False,
) -> LinkOutcome:
    """Link one person now, exactly as a linking run would (auto link, or a review item).

    ``match``: the engine's decision already made on exactly this person's texts (a public
    form decides the typed workplace before the person exists), not made again. ``fresh``:
    the person was created in this transaction (no review item to settle or update).
    """
    return link_people_now([(person, match)], actor=actor, register=register, fresh=fresh)[0]


def link_people_now(
    people: Sequence[tuple[Person, Match | None]],
    *,
    actor: Any = None,
    register: Register | None = None,
    fresh: bool = False,
) -> list[LinkOutcome]:
    """:func:`link_person` for a batch (a public page's queue of submissions): each person's
    outcome, in order, written as one linking run's chunk (the review items in one insert).
    Each person's region's register is used unless ``register`` is given."""
    registers: dict[int, Register] = {}
    decided: list[tuple[tuple[Any, ...], LinkOutcome]] = []
    for person, match in people:
        region_id = person.branch.region_id
        reg = register or registers.get(region_id)
        if reg is None:
            reg = registers[region_id] = cached_register(region_id)
        row = (
            person.pk,
            person.branch_id,
            person.employer_text,
            person.workplace_text,
            person.postcode,
            person.job_title,
            person.provider_id,
        )
        decided.append(decide_row(reg, row) if match is None else (row, outcome_of(reg, match)))
    counts: dict[str, int] = dict.fromkeys(
        ("auto", "review", "none", "linked", "provider_only", "by_alias", "unchanged"), 0
    )
    _link_chunk(
        decided,
        counts,
        actor,
        people={person.pk: person for person, _m in people},
        fresh=fresh,
    )
    return [outcome for _row, outcome in decided]
