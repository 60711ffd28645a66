"""Register import bench: the full England file, then an unchanged re-import.

Usage::

    python -m bench.register_import                     # SQLite, a fresh file in a tmp dir
    DATABASE_URL=postgres://... python -m bench.register_import   # PostgreSQL (its register
                                                                   # tables are emptied first)

Councils, boundaries and postcode districts are loaded first (not timed). Each import is
timed as ``import_register`` runs it (reading, resolving, comparing, writing, audit row).
Peak memory is the process's maximum resident set size (``ru_maxrss``): Django, the
interpreter and the import together. Targets on 2 cores: full ≤ 10 s, unchanged ≤ 5 s,
peak ≤ 300 MB.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="cg-register-bench-")
    os.environ.setdefault("COMMONGROUND_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from commonground.register.importers import import_register
    from commonground.register.models import Location, LocationChange, Provider
    from commonground.register.places import (
        import_boundaries,
        import_councils,
        import_postcodes,
    )
    from commonground.register.seed import seed_north_west

    data = Path(settings.COMMONGROUND_DATA_DIR)
    england = data / "cqc" / "cqc_care_homes_england_2021-03-01.csv"
    if not england.is_file():
        print(f"{england} is absent: set COMMONGROUND_DATA_DIR", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    LocationChange.objects.all().delete()
    Location.objects.all().delete()
    Provider.objects.all().delete()
    region = seed_north_west()
    import_councils(data / "boundaries" / "uk_local_authorities_future_mysociety.csv")
    import_boundaries(data / "boundaries" / "england_lad_2024_buc_names_only.geojson")
    import_postcodes(data / "postcodes" / "postcode_districts_doogal_2023-09.csv")

    start = time.perf_counter()
    full = import_register([england])
    full_s = time.perf_counter() - start
    start = time.perf_counter()
    again = import_register([england])
    again_s = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    nw = Location.objects.filter(council__region=region).count()

    print(f"command: {' '.join([sys.executable, '-m', 'bench.register_import'])}")
    print(f"database: {connection.vendor}  cpus: {os.cpu_count()}")
    print(
        f"full import:      {full_s:6.2f} s  created={full.created} "
        f"unresolved={full.unresolved_council} (North West: {nw})"
    )
    print(
        f"unchanged import: {again_s:6.2f} s  unchanged={again.unchanged} "
        f"created={again.created} updated={again.updated}"
    )
    print(f"peak memory:      {peak_mb:6.0f} MB (ru_maxrss, whole process)")
    ok = full_s <= 10 and again_s <= 5 and peak_mb <= 300 and again.updated == 0
    print("targets (≤10 s, ≤5 s, ≤300 MB):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
