"""Register import bench: CQC's monthly workbook (56,000 rows), or the 2021 England CSV.

Usage::

    python -m bench.register_import                    # the workbook, SQLite, tmp dir
    python -m bench.register_import --dense            # ... at the published file's density
    python -m bench.register_import --england          # the England care-homes CSV
    python -m bench.register_import --changed 3000     # ... then next month's workbook, in
                                                       # which 3,000 locations changed
    DATABASE_URL=postgres://... python -m bench.register_import   # PostgreSQL (its register
                                                                  # tables are emptied first)

The workbook is in CQC's published shape (``commonground/register/tests/published.py``:
README sheet first, the data on ``HSCA_Active_Locations`` under title rows, typed cells,
the 130 columns of the 2026 layout) and built from the real extracts: every England care
home of 2021 and every Oldham API record, then copies of the Oldham records (all sectors,
in Oldham's mix) at the England homes' addresses up to 56,000 rows. It is written once
into ``bench/out/`` and reused. ``--dense`` also fills the columns the importer does not
read (telephones, web addresses, CCGs, the provider's address) with placeholder text, so
that its XML is about the size of the published file's (~440 MB); no names of people.

Councils, boundaries and postcode districts are loaded first (not timed). Each import is
timed as ``commonground import-register`` runs it (``register.import_runs.cli_import``: the
run and its lock, reading, resolving, comparing, writing, the rejected-rows file, audit row).
Peak memory is the peak PSS of the process and the workers it forks to parse the
workbook (sampled every 0.1 s; shared pages divided among the processes, not counted in
each), and never less than the process's own ``ru_maxrss``: Django, the interpreter and
the import together. CPU seconds are the process's and its workers'. The machine's load
average is printed before and after: the development machine is shared. Targets on 2 cores (issue 16): workbook ≤ 20 s,
unchanged ≤ 8 s, peak ≤ 600 MB; England CSV ≤ 10 s, ≤ 5 s, ≤ 300 MB.

``--changed N`` times a third import: the next month's workbook (as at 1 November), the same
rows but N of them changed, spread through the file (a third renamed, a third with one more
bed, a third both), so the update path writes N locations in three shapes of change and
records the new file's date on the rest. It is written once into ``bench/out/`` too.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from bench.linkage.run import PeakPss

OUT = Path(__file__).resolve().parent / "out"
AS_AT = date(2026, 10, 1)


def _workbook(data: Path, rows: int, dense: bool) -> Path:
    from commonground.register.tests import published

    OUT.mkdir(exist_ok=True)
    suffix = "-dense" if dense else ""
    path = OUT / f"01_October_2026_HSCA_Active_Locations-{rows}{suffix}.ods"
    if not path.is_file():
        started = time.perf_counter()
        source = published.bench_rows(data, rows)
        if dense:
            source = (published.densified(row) for row in source)
        partial = path.with_suffix(".part")
        published.stream_ods(partial, source, as_at=AS_AT)
        partial.rename(path)
        print(f"wrote {path.name} in {time.perf_counter() - started:.0f} s")
    return path


def _changed_workbook(data: Path, rows: int, changed: int) -> Path:
    """Next month's workbook: ``changed`` of the ``rows`` rows renamed, given a bed, or both."""
    from commonground.register.tests import published

    path = OUT / f"01_November_2026_HSCA_Active_Locations-{rows}-changed{changed}.ods"
    if path.is_file():
        return path
    step = max(1, rows // changed)

    def source() -> Iterator[dict[str, Any]]:
        for n, row in enumerate(published.bench_rows(data, rows)):
            if n % step == 0 and n // step < changed:
                row = dict(row)
                kind = (n // step) % 3
                if kind in (0, 2):
                    row["Location Name"] = f"{row['Location Name']} House"
                if kind in (1, 2):
                    row["Care homes beds"] = (row.get("Care homes beds") or 0) + 1
            yield row

    started = time.perf_counter()
    partial = path.with_suffix(".part")
    published.stream_ods(partial, source(), as_at=date(2026, 11, 1))
    partial.rename(path)
    print(f"wrote {path.name} in {time.perf_counter() - started:.0f} s")
    return path


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished children (the reading workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _since(before: tuple[float, float]) -> tuple[float, float]:
    now = _cpu()
    return now[0] - before[0], now[1] - before[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--england", action="store_true", help="the 2021 England CSV instead")
    parser.add_argument("--dense", action="store_true", help="workbook at published density")
    parser.add_argument("--rows", type=int, default=56_000)
    parser.add_argument(
        "--changed", type=int, default=0, help="then next month's file with N rows changed"
    )
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="cg-register-bench-")
    os.environ.setdefault("COMMONGROUND_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from commonground.register.import_runs import cli_import
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
    path = england if args.england else _workbook(data, args.rows, args.dense)
    later = _changed_workbook(data, args.rows, args.changed) if args.changed else None
    call_command("migrate", verbosity=0)
    LocationChange.objects.all().delete()
    Location.objects.all().delete()
    Provider.objects.all().delete()
    region = seed_north_west()
    import_councils(data / "boundaries" / "uk_local_authorities_future_mysociety.csv")
    import_boundaries(data / "boundaries" / "england_lad_2024_buc_names_only.geojson")
    import_postcodes(data / "postcodes" / "postcode_districts_doogal_2023-09.csv")

    load_before = os.getloadavg()
    with PeakPss(interval=0.1) as pss:
        start, cpu = time.perf_counter(), _cpu()
        full = cli_import([path], {})
        full_s, full_cpu = time.perf_counter() - start, _since(cpu)
        start, cpu = time.perf_counter(), _cpu()
        again = cli_import([path], {})
        again_s, again_cpu = time.perf_counter() - start, _since(cpu)
        if later is not None:
            start, cpu = time.perf_counter(), _cpu()
            third = cli_import([later], {})
            third_s, third_cpu = time.perf_counter() - start, _since(cpu)
    load_after = os.getloadavg()
    own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The workers that parse the workbook's slices (lib/forked.py) share this process's
    # pages copy-on-write: the RSS of each counts them again. The peak PSS of the process
    # tree (sampled every 0.1 s) divides shared pages among the processes: the memory the
    # import really holds. The largest worker's own peak RSS is shown too.
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak_mb = max(pss.peak_kib / 1024, own_mb)
    nw = Location.objects.filter(council__region=region).count()

    command = [sys.executable, "-m", "bench.register_import", *sys.argv[1:]]
    print(f"command: {' '.join(command)}")
    print(f"file: {path.name} ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"database: {connection.vendor}  cpus: {os.cpu_count()}")
    print(f"load average before: {load_before[0]:.1f}  after: {load_after[0]:.1f}")
    print(
        f"full import:      {full_s:6.2f} s ({sum(full_cpu):.2f} s CPU: {full_cpu[0]:.2f} + workers {full_cpu[1]:.2f})  read={full.read} created={full.created} "
        f"skipped={full.skipped} rejected={full.rejected} "
        f"unresolved={full.unresolved_council} (North West: {nw})"
    )
    print(
        f"unchanged import: {again_s:6.2f} s ({sum(again_cpu):.2f} s CPU: {again_cpu[0]:.2f} + workers {again_cpu[1]:.2f})  unchanged={again.unchanged} "
        f"created={again.created} updated={again.updated}"
    )
    if later is not None:
        print(
            f"changed import:   {third_s:6.2f} s ({sum(third_cpu):.2f} s CPU: {third_cpu[0]:.2f} + workers {third_cpu[1]:.2f})  updated={third.updated} "
            f"unchanged={third.unchanged} created={third.created} ({later.name})"
        )
    print(
        f"peak memory:      {peak_mb:6.0f} MB (PSS of the process and its workers; "
        f"ru_maxrss: this process {own_mb:.0f} MB, largest worker {worker_mb:.0f} MB)"
    )
    # CPU seconds are this process's and its workers' (SQLite runs in it; PostgreSQL's
    # server does not): on a shared machine they say more than wall time about what a
    # quiet one would take.
    limits = (10, 5, 300) if args.england else (20, 8, 600)
    ok = (
        full_s <= limits[0]
        and again_s <= limits[1]
        and peak_mb <= limits[2]
        and again.updated == 0
        and again.created == 0
    )
    targets = f"≤{limits[0]} s, ≤{limits[1]} s, ≤{limits[2]} MB"
    print(f"targets ({targets}):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
