"""Load a bench register file (``register_s<seed>.csv``) into the database, so that
``commonground match`` itself (which reads the register from the database) can be timed
and its peak memory measured on the bench's members file.

    COMMONGROUND_VAR_DIR=/tmp/cg-bench DEBUG=1 .venv/bin/commonground migrate
    COMMONGROUND_VAR_DIR=/tmp/cg-bench DEBUG=1 .venv/bin/python -m bench.linkage.load_register \\
        bench/out/register_s42.csv
    COMMONGROUND_VAR_DIR=/tmp/cg-bench DEBUG=1 /usr/bin/time -v .venv/bin/commonground match \\
        --input bench/out/members_s42_100k.csv --output /tmp/cg-bench/out.csv --workers 2

Only into a database of its own: it refuses one that already holds locations. The
locations are registered social care; CQC's succession links become the register's own
links (``Location.predecessors``), as ``sync-register`` makes them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("register", type=Path)
    args = ap.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    import django

    django.setup()
    from django.db import transaction

    from commonground.register.models import Location, Provider, RegistrationStatus

    if Location.objects.exists():
        sys.exit("This database already holds locations: load into an empty one.")
    with args.register.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with transaction.atomic():
        names: dict[str, str] = {}
        for r in rows:
            if r["provider_id"]:
                names.setdefault(r["provider_id"], r["provider_name"])
        providers = Provider.objects.bulk_create(
            Provider(cqc_id=pid, name=name) for pid, name in names.items()
        )
        prov = {p.cqc_id: p for p in providers}
        seen: set[str] = set()
        locs = []
        for r in rows:
            if r["location_id"] in seen:
                continue
            seen.add(r["location_id"])
            date = r.get("registration_date") or ""
            locs.append(
                Location(
                    cqc_id=r["location_id"],
                    name=r["name"],
                    previous_names=[n for n in r["previous_names"].split("|") if n],
                    provider=prov.get(r["provider_id"]),
                    postcode=r["postcode"],
                    town=r["town"],
                    service_types_text=f"|{r['service']}|" if r.get("service") else "",
                    is_social_care=True,
                    registration_status=RegistrationStatus.REGISTERED,
                    registration_date=dt.date.fromisoformat(date) if date else None,
                    predecessor_ids=[x for x in (r.get("predecessor_ids") or "").split("|") if x],
                )
            )
        Location.objects.bulk_create(locs, batch_size=2000)
        pk = dict(Location.objects.values_list("cqc_id", "pk"))
        through = Location.predecessors.through
        links = [
            through(from_location_id=pk[loc.cqc_id], to_location_id=pk[p])
            for loc in locs
            for p in loc.predecessor_ids
            if p in pk
        ]
        through.objects.bulk_create(links)
    print(f"{len(locs):,} locations, {len(providers):,} providers, {len(links):,} succession links")


if __name__ == "__main__":
    main()
