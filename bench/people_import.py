"""Benchmark: import a 1,000,000-row messy membership extract, then re-import it unchanged.

    .venv/bin/python bench/people_import.py [--rows 1000000] [--db sqlite|postgres|both]

Generates the extract with ``bench/people_extract.py`` (synthetic people, ~2% bad rows,
mixed dates/phones/postcodes, quoted newlines, accents), then runs each import in its own
process so that peak memory (``ru_maxrss``) is the import's alone. PostgreSQL runs when
``DATABASE_URL`` is set. Targets (issue 4): ≥ 20,000 rows/s first import, ≥ 50,000 rows/s
unchanged re-import, peak ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(var_dir: str, database_url: str | None) -> None:
    os.environ["COMMONGROUND_VAR_DIR"] = var_dir
    # Production-like: DEBUG off (no query log), so a throwaway secret key is needed.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(24).hex())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def phase(args: argparse.Namespace) -> None:
    """Run inside a child process: migrate (first phase) and import once; print JSON."""
    _setup(args.var_dir, args.database_url)
    from django.core.management import call_command

    from commonground.accounts.models import Branch
    from commonground.audit.models import Entry
    from commonground.people.importer import import_people
    from commonground.people.models import Person
    from commonground.register.seed import seed_north_west

    if args.phase == "first":
        call_command("migrate", verbosity=0)
        if args.database_url:
            call_command("flush", interactive=False, verbosity=0)
    region = seed_north_west()
    branch, _ = Branch.objects.get_or_create(
        code="BENCH", defaults={"name": "Benchmark branch (synthetic)", "region": region}
    )
    audit_before = Entry.objects.count()
    started = time.perf_counter()
    result = import_people(Path(args.file), branch=branch, actor="bench", full_extract=True)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "phase": args.phase,
                "seconds": round(seconds, 1),
                "rows_per_s": round(result["read"] / seconds),
                "peak_mb": round(peak_mb),
                "people": Person.objects.count(),
                "audit_rows": Entry.objects.count() - audit_before,
                **{
                    k: result[k]
                    for k in ("read", "accepted", "rejected", "created", "updated", "unchanged")
                },
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--phase", choices=("first", "again"))
    parser.add_argument("--file")
    parser.add_argument("--var-dir")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.phase:
        phase(args)
        return

    from bench.people_extract import write_csv

    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"people-extract-{args.rows}.csv"
    started = time.perf_counter()
    expected = write_csv(path, args.rows, bad_every=250, encoding="cp1252", keep_numbers=False)
    print(
        f"generated {path.name}: {path.stat().st_size / 1e6:.0f} MB, {expected.read:,} rows "
        f"({expected.rejected:,} bad, {expected.blank:,} blank) in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    targets: list[tuple[str, str | None]] = []
    if args.db in ("sqlite", "both"):
        targets.append(("SQLite", None))
    if args.db in ("postgres", "both") and os.environ.get("DATABASE_URL"):
        targets.append(("PostgreSQL", os.environ["DATABASE_URL"]))
    for label, url in targets:
        with tempfile.TemporaryDirectory(prefix="cg-bench-people-") as var_dir:
            for name in ("first", "again"):
                cmd = [sys.executable, __file__, "--phase", name, "--file", str(path)]
                cmd += ["--var-dir", var_dir]
                if url:
                    cmd += ["--database-url", url]
                out = subprocess.run(cmd, capture_output=True, text=True, check=False)
                if out.returncode != 0:
                    print(out.stderr[-3000:], file=sys.stderr)
                    raise SystemExit(f"{label} {name} failed")
                figures = json.loads(out.stdout.strip().splitlines()[-1])
                ok = figures["read"] == expected.read and figures["rejected"] == expected.rejected
                print(f"{label:<10} {json.dumps(figures)} counts {'exact' if ok else 'WRONG'}")


if __name__ == "__main__":
    main()
