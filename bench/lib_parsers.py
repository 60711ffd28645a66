"""Micro-bench of the shared value readers on the import hot paths.

Usage::

    python -m bench.lib_parsers

``lib.dates.parse_date`` is called twice per row by the register reader (~112,000 calls for
CQC's monthly workbook) and once per distinct value by the people importer;
``lib.postcodes.parse_postcode`` once per member record by the linkage engine (behind its
own cache). Synthetic values in the shapes real files use (``03/02/2024``, ISO, blanks; a
few postcode spellings), from a fixed seed: repeated values (a few thousand distinct, as
registration dates are) and all-distinct ones (the cache missing). Figures are CPU time
(``time.process_time``), the best of five, so a loaded machine skews them less; the load
average is printed with them.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from datetime import date

from commonground.lib.dates import parse_date
from commonground.lib.postcodes import parse_postcode


def _dates(distinct: int, calls: int, rng: random.Random) -> list[str]:
    start = date(2000, 1, 1).toordinal()
    values = []
    for _ in range(distinct):
        day = date.fromordinal(start + rng.randrange(36_000))
        values.append(rng.choice([day.strftime("%d/%m/%Y"), day.isoformat(), ""]))
    return [rng.choice(values) for _ in range(calls)]


def _cpu(function: Callable[[str], object], values: list[str]) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        for value in values:
            function(value)
        best = min(best, time.process_time() - started)
    return best


def main() -> int:
    rng = random.Random(1)
    today = date(2026, 12, 1)
    cases: list[tuple[str, Callable[[str], object], list[str]]] = [
        ("parse_date, 2,000 distinct", lambda v: parse_date(v, today=today), _dates(2_000, 112_000, rng)),
        ("parse_date, 60,000 distinct", lambda v: parse_date(v, today=today), _dates(60_000, 112_000, rng)),
        (
            "parse_postcode",
            parse_postcode,
            [
                rng.choice(["OL8 2BY", "ol82by", "M41 5BU", "BL1 4AA", "SK1", "WA1 2", "x", "Café"])
                + rng.choice(["", " "])
                for _ in range(100_000)
            ],
        ),
    ]  # fmt: skip
    print(f"command: python -m bench.lib_parsers  cpus: {os.cpu_count()}")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    for name, function, values in cases:
        seconds = _cpu(function, values)
        print(
            f"{name}: {seconds * 1e3:.0f} ms CPU for {len(values):,} calls "
            f"({seconds / len(values) * 1e9:.0f} ns/call)"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
