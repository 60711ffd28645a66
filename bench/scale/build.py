"""Build the national-size dataset (issue 9) on SQLite or PostgreSQL, or reuse the cached one.

    .venv/bin/python -m bench.scale.build --db sqlite
    bench/scale/pg.sh start && .venv/bin/python -m bench.scale.build --db postgres

What it holds:

- every English care location: the real England file
  (``cqc/cqc_care_homes_england_2021-03-01.csv``, 15,403 care homes) imported with the
  project's register importer, plus **synthetic** home-care agencies (which that file does
  not list) up to ``--locations`` (30,000) in all, spread over councils in proportion to
  their real care homes. Synthetic rows are marked: CQC id ``SYN-HC-…``, name ending
  "(synthetic)", providers with ``is_synthetic``;
- one synthetic branch per English council with social care duties (``SC-<ONS code>``);
- ``--people`` (1,000,000) synthetic people spread over the branches in proportion to the
  councils' estimated workforce, 75% linked to a workplace, with memberships (45% members)
  and 2% holding a current rep role;
- ``--activity`` (3,000,000) conversations and assessments, half each;
- three users: ``scale-branch`` (branch organiser of the Manchester branch),
  ``scale-regional`` (regional organiser, North West) and ``scale-admin``.

Rows are written with ``commonground.lib.bulk.RowWriter`` (``executemany`` on SQLite,
``COPY`` on PostgreSQL), 50,000 per transaction; then ``ANALYZE`` (SQLite) or
``VACUUM ANALYZE`` (PostgreSQL, as autovacuum would). The dataset stays in
``bench/out/scale.sqlite3`` (SQLite) or in the PostgreSQL database, with its parameters in
``bench/out/scale-<db>.json``; a second run with the same parameters reuses it
(``--force`` rebuilds).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from bisect import bisect
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any, cast

from bench.scale.common import (
    BRANCH_COUNCIL,
    OUT,
    PASSWORD,
    PERSONAS,
    REGION,
    SQLITE_PATH,
    command_line,
    load,
    setup,
)

BATCH = 50_000
FIRST = ["Amina", "Ben", "Chloe", "Dev", "Ewa", "Femi", "Grace", "Hassan", "Ines", "Jo", "Kofi"]
FIRST += ["Lena", "Marek", "Nadia", "Oisin", "Priya", "Rosa", "Sam", "Tunde", "Uma", "Viktor"]
LAST = ["Ahmed", "Brown", "Cooper", "Da Silva", "Evans", "Fofana", "Gill", "Hughes", "Ibrahim"]
LAST += ["Jones", "Khan", "Lewis", "Mensah", "Nowak", "Okafor", "Patel", "Quinn", "Reyes"]
RATINGS = ["Good", "Good", "Good", "Outstanding", "Requires improvement", "Inadequate", ""]
JOBS = ["Care assistant", "Senior carer", "Nurse", "Cook", "Domestic", "Team leader"]
OUTCOMES = ["joined", "supportive", "undecided", "not_interested", "no_answer"]


def _meta_path(db: str) -> Any:
    return OUT / f"scale-{db}.json"


def _params(args: argparse.Namespace) -> dict[str, int]:
    return {
        "locations": args.locations,
        "people": args.people,
        "activity": args.activity,
        "seed": args.seed,
        "version": 1,
    }


def _cached(db: str, params: dict[str, int]) -> dict[str, Any] | None:
    path = _meta_path(db)
    if not path.is_file():
        return None
    meta: dict[str, Any] = json.loads(path.read_text())
    if meta.get("params") != params:
        return None
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM people_person")
            row = cursor.fetchone()
    except Exception:
        return None
    if not row or row[0] != meta["counts"]["people"]:
        return None
    return meta


def _reset(db: str) -> None:
    from django.db import connection

    if db == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            SQLITE_PATH.with_name(SQLITE_PATH.name + suffix).unlink(missing_ok=True)
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")


def _timed(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {label:<44} {now - started:7.1f} s  ({load()})", flush=True)
    return now


def build(args: argparse.Namespace) -> dict[str, Any]:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from commonground.accounts.models import Branch, Role, User
    from commonground.lib.bulk import RowWriter
    from commonground.people.models import (
        Assessment,
        Conversation,
        Membership,
        Person,
        WorkplaceRole,
    )
    from commonground.register.importers import import_register
    from commonground.register.models import Council, CouncilKind, Location, Provider, Region
    from commonground.register.places import import_boundaries, import_councils, import_postcodes
    from commonground.register.seed import seed_north_west
    from commonground.register.workforce import annotate_workforce

    rng = random.Random(args.seed)
    data = settings.COMMONGROUND_DATA_DIR
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    t = _timed("migrate", t)

    # -- Register: the real England file, then synthetic home-care agencies ----------------
    seed_north_west()
    import_councils(data / "boundaries" / "uk_local_authorities_future_mysociety.csv")
    import_boundaries(data / "boundaries" / "england_lad_2024_buc_names_only.geojson")
    import_postcodes(data / "postcodes" / "postcode_districts_doogal_2023-09.csv")
    summary = import_register([data / "cqc" / "cqc_care_homes_england_2021-03-01.csv"])
    print(f"  register import: {summary.created} created, {summary.unresolved_council} unresolved")
    t = _timed("councils, boundaries, postcodes, register", t)

    real = list(
        Location.objects.filter(council__isnull=False).values_list(
            "council_id", "postcode", "town", "latitude", "longitude"
        )
    )
    by_council: dict[int, list[tuple[Any, ...]]] = {}
    for row in real:
        by_council.setdefault(row[0], []).append(row)
    synthetic = max(0, args.locations - Location.objects.count())
    council_ids = sorted(by_council)
    cum = list(accumulate(len(by_council[c]) for c in council_ids))
    providers = Provider.objects.bulk_create(
        Provider(name=f"Synthetic Home Care Group {n:04d} (synthetic)", is_synthetic=True)
        for n in range(1, synthetic // 5 + 2)
    )
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    for n in range(1, synthetic + 1):
        council_id = council_ids[bisect(cum, rng.random() * cum[-1])]
        _c, postcode, town, lat, lng = rng.choice(by_council[council_id])
        rows.append(
            {
                "cqc_id": f"SYN-HC-{n:06d}",
                "name": f"{town or 'Local'} Home Care {n} (synthetic)",
                "provider_id": rng.choice(providers).pk,
                "council_id": council_id,
                "town": town,
                "postcode": postcode,
                "latitude": None if lat is None else lat + rng.uniform(-0.01, 0.01),
                "longitude": None if lng is None else lng + rng.uniform(-0.01, 0.01),
                "registration_date": date(2010, 1, 1) + timedelta(days=rng.randrange(5000)),
                "rating": rng.choice(RATINGS),
            }
        )
    with transaction.atomic():
        RowWriter(Location).insert(
            rows,
            list(rows[0]) if rows else [],
            {
                "service_types_text": "|home_care|",
                "primary_service_type": "home_care",
                "is_social_care": True,
                "registration_status": "registered",
                "address": "(synthetic agency)",
                "created": now,
                "updated": now,
            },
        )
    t = _timed(f"{synthetic:,} synthetic home-care agencies", t)

    # -- Branches, one per social-care council with locations ------------------------------
    councils = list(
        Council.objects.filter(active=True, region__isnull=False, pk__in=council_ids).exclude(
            kind=CouncilKind.DISTRICT
        )
    )
    branches = Branch.objects.bulk_create(
        Branch(
            code=f"SC-{c.ons_code}",
            name=f"{c.name} care branch (synthetic)",
            region_id=cast(int, c.region_id),  # councils without a region are left out above
            is_synthetic=True,
        )
        for c in councils
    )
    Through = Branch.councils.through
    Through.objects.bulk_create(
        Through(branch_id=b.pk, council_id=c.pk) for b, c in zip(branches, councils, strict=True)
    )
    branch_of = {c.pk: b.pk for b, c in zip(branches, councils, strict=True)}

    # Locations of each branch's council, weighted by workforce × an "organised" factor so
    # that some workplaces are well organised and many have no one yet.
    locs: dict[int, tuple[list[tuple[int, int | None, str]], list[float]]] = {}
    for pk, council_id, provider_id, postcode, workforce in (
        annotate_workforce(Location.objects.filter(council_id__in=branch_of, is_social_care=True))
        .order_by("pk")
        .values_list("pk", "council_id", "provider_id", "postcode", "workforce_estimate")
    ):
        entry = locs.setdefault(council_id, ([], []))
        entry[0].append((pk, provider_id, postcode))
        entry[1].append(max(workforce, 1) * rng.lognormvariate(0, 1.2))
    cum_weights = {c: list(accumulate(w)) for c, (_l, w) in locs.items()}
    branch_councils = [c for c in locs if c in branch_of]
    cum_branch = list(accumulate(cum_weights[c][-1] for c in branch_councils))
    t = _timed(f"{len(branches)} branches", t)

    # -- People and memberships --------------------------------------------------------------
    people_writer, member_writer, role_writer = (
        RowWriter(Person),
        RowWriter(Membership),
        RowWriter(WorkplaceRole),
    )
    person_cols = [
        "id",
        "branch_id",
        "full_name",
        "email",
        "postcode",
        "job_title",
        "workplace_text",
        "location_id",
        "provider_id",
        "link_method",
        "assessment",
        "lawful_basis",
    ]
    member_cols = ["person_id", "branch_id", "number", "status", "joined", "lapsed"]
    person_ids: list[int] = []
    roles = 0
    done = 0
    while done < args.people:
        size = min(BATCH, args.people - done)
        with transaction.atomic():
            ids = people_writer.allocate_ids(size)
            people, memberships, role_rows = [], [], []
            for pid in ids:
                council_id = branch_councils[bisect(cum_branch, rng.random() * cum_branch[-1])]
                branch_id = branch_of[council_id]
                kind = rng.random()
                location_id = provider_id = None
                postcode = link = workplace = ""
                if kind < 0.75:
                    places, _w = locs[council_id]
                    cw = cum_weights[council_id]
                    location_id, provider_id, postcode = places[bisect(cw, rng.random() * cw[-1])]
                    link, workplace = "exact", "as on the register"
                elif kind < 0.80:
                    places, _w = locs[council_id]
                    provider_id = rng.choice(places)[1]
                    link, workplace = "provider", "agency work"
                status_roll = rng.random()
                status = (
                    "member"
                    if status_roll < 0.45
                    else "lapsed"
                    if status_roll < 0.60
                    else "non-member"
                    if status_roll < 0.90
                    else "unknown"
                )
                people.append(
                    {
                        "id": pid,
                        "branch_id": branch_id,
                        "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {pid}",
                        "email": f"person{pid}@example.invalid",
                        "postcode": postcode,
                        "job_title": rng.choice(JOBS),
                        "workplace_text": workplace,
                        "location_id": location_id,
                        "provider_id": provider_id,
                        "link_method": link,
                        "assessment": rng.randrange(6),
                        "lawful_basis": "member" if status == "member" else "regular_contact",
                    }
                )
                joined = date(2005, 1, 1) + timedelta(days=rng.randrange(7000))
                memberships.append(
                    {
                        "person_id": pid,
                        "branch_id": branch_id,
                        "number": f"S{pid:09d}",
                        "status": status,
                        "joined": joined if status in ("member", "lapsed") else None,
                        "lapsed": joined + timedelta(days=400) if status == "lapsed" else None,
                    }
                )
                if location_id is not None and rng.random() < 0.02:
                    role_rows.append(
                        {
                            "person_id": pid,
                            "location_id": location_id,
                            "role": rng.choice(["rep", "steward", "health_safety"]),
                            "since": joined,
                        }
                    )
            people_writer.insert(
                people, person_cols, {"source": "import", "created": now, "updated": now}
            )
            member_writer.insert(
                memberships,
                member_cols,
                {"source": "bench/scale (synthetic)", "extract_date": date(2026, 11, 1)},
            )
            role_writer.insert(role_rows, ["person_id", "location_id", "role", "since"])
        person_ids.extend(ids)
        roles += len(role_rows)
        done += size
    t = _timed(f"{done:,} people, memberships, {roles:,} reps", t)

    # -- Users ---------------------------------------------------------------------------------
    region = Region.objects.get(slug=REGION)
    branch = Branch.objects.get(code=f"SC-{BRANCH_COUNCIL}")
    users = {
        "branch": User(username=PERSONAS["branch"], role=Role.BRANCH_ORGANISER, region=region),
        "regional": User(
            username=PERSONAS["regional"], role=Role.REGIONAL_ORGANISER, region=region
        ),
        "admin": User(username=PERSONAS["admin"], role=Role.ADMIN, region=region),
    }
    for user in users.values():
        user.set_password(PASSWORD)
        user.save()
    users["branch"].branches.add(branch)
    by_ids = [users["branch"].pk, users["regional"].pk, None]

    # -- Conversations and assessments ---------------------------------------------------------
    start = datetime(2024, 11, 30, tzinfo=UTC)
    span = 730 * 86400
    times = [start + timedelta(seconds=rng.randrange(span)) for _ in range(20_000)]
    writers = ((RowWriter(Assessment), "assessments"), (RowWriter(Conversation), "conversations"))
    half = args.activity // 2
    for writer, label in writers:
        done = 0
        while done < half:
            size = min(BATCH, half - done)
            batch: list[dict[str, Any]] = []
            for _ in range(size):
                item: dict[str, Any] = {
                    "person_id": rng.choice(person_ids),
                    "by_id": rng.choice(by_ids),
                    "at": rng.choice(times),
                }
                if label == "assessments":
                    item["value"] = rng.randrange(1, 6)
                else:
                    item["outcome"] = rng.choice(OUTCOMES)
                batch.append(item)
            with transaction.atomic():
                constants: dict[str, Any] = (
                    {"note": ""}
                    if label == "assessments"
                    else {"issues": [], "next_step": "", "notes": "", "follow_up_done": False}
                )
                writer.insert(batch, list(batch[0]), constants)
            done += size
        t = _timed(f"{done:,} {label}", t)

    with connection.cursor() as cursor:
        # What autovacuum does on a live PostgreSQL after a bulk load: statistics, and the
        # visibility map that index-only scans need. SQLite: statistics for its planner.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    t = _timed("VACUUM ANALYZE / ANALYZE", t)
    return {
        "locations": Location.objects.count(),
        "synthetic_locations": Location.objects.filter(cqc_id__startswith="SYN-").count(),
        "branches": len(branches),
        "people": Person.objects.count(),
        "members": Membership.objects.filter(status="member").count(),
        "reps": roles,
        "assessments": Assessment.objects.count(),
        "conversations": Conversation.objects.count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--locations", type=int, default=30_000)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--activity", type=int, default=3_000_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--force", action="store_true", help="rebuild even when cached")
    args = parser.parse_args()
    setup(args.db)
    params = _params(args)
    print(f"command: {command_line('bench.scale.build')}")
    meta = None if args.force else _cached(args.db, params)
    if meta is not None:
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)  # new indexes apply to the cached dataset too
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"cached dataset reused ({_meta_path(args.db).name}): {meta['counts']}")
        return 0
    _reset(args.db)
    started = time.perf_counter()
    counts = build(args)
    seconds = time.perf_counter() - started
    meta = {"params": params, "counts": counts, "seconds": round(seconds, 1), "load": load()}
    _meta_path(args.db).write_text(json.dumps(meta, indent=2))
    print(f"built in {seconds:.0f} s: {counts}  ({load()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
