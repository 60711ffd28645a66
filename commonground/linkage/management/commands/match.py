"""``commonground match --input members.csv --output matches.csv``.

Matches an external member file against the imported register without storing anyone.
Input columns: ``id, employer, workplace, postcode`` (``job_title`` optional; others
ignored), in any case. The file is read as the people importer reads one (CSV in UTF-8 or
Windows-1252, comma, semicolon or tab separated, or XLSX). Output columns, exactly:
``id,location_id,provider_id,score,decision`` with CQC ids (a provider without a CQC id
is given by its database id), ``decision`` in ``auto | review | none`` and
``location_id`` empty unless a location was chosen.
"""

from __future__ import annotations

import csv
import sys
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.imports.readers import UnreadableFile, open_table
from commonground.jobs.progress import TerminalBar
from commonground.lib.exports import safe_cell
from commonground.linkage.engine import Query
from commonground.linkage.parallel import (
    MIN_PARALLEL,
    default_workers,
    map_ordered,
    text_key,
)
from commonground.linkage.services import Register, build_register

REQUIRED = ("id", "employer", "workplace", "postcode")
OUTPUT = ("id", "location_id", "provider_id", "score", "decision")


def _count_rows(path: Path) -> int | None:
    """Data rows in the file (a fast byte scan, for the progress bar); None if unknown."""
    try:
        with path.open("rb") as f:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    except OSError:
        return None
    return max(lines - 1, 0)


class _RowMatcher:
    """One input row to its output row."""

    def __init__(
        self, reg: Register, width: int, columns: tuple[int, int, int, int, int | None]
    ) -> None:
        self.reg = reg
        self.loc_cqc = {k: v.cqc_id for k, v in reg.locations.items()}
        self.prov_cqc = reg.provider_cqc
        self.width = width
        self.columns = columns

    def share_caches(self, ways: int) -> None:
        self.reg.matcher.share_caches(ways)

    def key(self, row: list[str]) -> str:
        """Which worker matches the row (:func:`text_key`)."""
        _id, i_emp, i_wp, _pc, _job = self.columns
        return text_key(row[i_wp], row[i_emp]) if len(row) >= self.width else ""

    def __call__(self, row: list[str]) -> list[str]:
        i_id, i_emp, i_wp, i_pc, i_job = self.columns
        if len(row) < self.width:
            row = row + [""] * (self.width - len(row))
        q = Query(
            id=row[i_id],
            employer=row[i_emp],
            workplace=row[i_wp],
            postcode=row[i_pc],
            job_title=row[i_job] if i_job is not None else "",
        )
        m = self.reg.decide(q)
        location = ""
        provider = ""
        if m.decision == "auto":
            if m.location_id:
                location = self.loc_cqc.get(m.location_id, m.location_id)
            if m.provider_id:
                pid = int(m.provider_id)
                provider = self.prov_cqc.get(pid) or str(pid)
        # The id is echoed from the input file, the CQC ids come from the register:
        # neutralise formulas (lib.exports). The score (a number from 0 to 100) and the
        # decision (a word) are the engine's own.
        return [
            safe_cell(q.id),
            safe_cell(location),
            safe_cell(provider),
            f"{m.score:.1f}",
            m.decision,
        ]


class Command(BaseCommand):
    help = (
        "Match a member CSV against the register; write id,location_id,provider_id,score,decision."
    )
    # Django's system checks (URLs, templates, every app's models) take about half a second
    # of a run's start, before the register is read, for a command that writes no row:
    # `check` and `migrate` run them (decisions.md, session 4).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input", required=True, help="CSV with id,employer,workplace,postcode"
        )
        parser.add_argument("--output", required=True, help="CSV to write ('-' for stdout)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar or summary")
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="processes that match (default: the cores available, at most 2)",
        )
        parser.add_argument(
            "--parallel-min",
            type=int,
            default=MIN_PARALLEL,
            help=f"fewer records than this are matched in one process (default {MIN_PARALLEL:,})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        src = Path(options["input"])
        if not src.is_file():
            raise CommandError(f"Input file not found: {src}")
        workers = options["workers"]
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        bar = TerminalBar("match", enabled=False if options["quiet"] else None)
        try:
            table = open_table(src)
        except UnreadableFile as exc:
            raise CommandError(
                f"{src}: {exc}. Expected columns {', '.join(REQUIRED)} (job_title optional)."
            ) from exc
        with ExitStack() as stack:
            header = table.headers
            names = [h.strip().lower() for h in header]
            missing = [c for c in REQUIRED if c not in names]
            if missing:
                found = ", ".join(header) or "(none)"
                raise CommandError(
                    f"{src} is missing column(s): {', '.join(missing)}. "
                    f"Columns found: {found}. Required: {', '.join(REQUIRED)} "
                    "(job_title optional)."
                )
            idx = {c: names.index(c) for c in REQUIRED}
            job_idx = names.index("job_title") if "job_title" in names else None
            if options["output"] == "-":
                out: TextIO = sys.stdout
            else:
                out = stack.enter_context(Path(options["output"]).open("w", newline=""))
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(OUTPUT)
            total = _count_rows(src) if bar.enabled else None
            bar(0, total, "reading the register")
            rows = (cells for _line, cells in table.rows() if any(cells))
            columns = (idx["id"], idx["employer"], idx["workplace"], idx["postcode"], job_idx)
            row_matcher = _RowMatcher(build_register(), len(names), columns)
            counts = {"auto": 0, "review": 0, "none": 0}
            # The register is built once; larger files are matched in blocks by this
            # process and forked workers that share it, and written in the input's order.
            n = 0
            results = map_ordered(
                row_matcher,
                rows,
                workers=workers,
                key=row_matcher.key,
                min_parallel=options["parallel_min"],
                init=partial(row_matcher.share_caches, workers),
            )
            for n, out_row in enumerate(results, start=1):
                counts[out_row[4]] += 1
                writer.writerow(out_row)
                if n % 1000 == 0:
                    bar(n, total)
            bar(n, total or n, "done")
            bar.finish()
        if not options["quiet"]:
            summary = ", ".join(f"{k} {v:,}" for k, v in counts.items())
            self.stderr.write(f"matched {sum(counts.values()):,} records: {summary}")
