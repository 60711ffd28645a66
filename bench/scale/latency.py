"""Page latency at national scale: p50 / p95 of five pages for two personas (issue 9).

    .venv/bin/python -m bench.scale.latency --db sqlite [--requests 50]
    DATABASE_URL=postgres://postgres@127.0.0.1:55439/cgscale \\
        .venv/bin/python -m bench.scale.latency --db postgres

Runs in one process with Django's test ``Client`` (the whole middleware stack, sessions in
the database, templates rendered; no network), ``DEBUG`` off. Each page is requested
``--warmup`` times first (warm cache), then ``--requests`` times, timed one by one. The
first request of each page (cold: density aggregates not yet cached in this process) and the
number of SQL queries of one warm request are printed too. Build the dataset first with
``bench.scale.build``. Target on 2 cores: p95 ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from bench.scale.common import BRANCH_COUNCIL, PERSONAS, command_line, load, setup

TARGET_P95_MS = 150.0


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of ``values`` (p in 0..100)."""
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def pages() -> list[tuple[str, str]]:
    """(label, URL) of the measured pages; the workplace is Manchester's largest home."""
    from django.urls import reverse

    from commonground.register.models import Location

    workplace = (
        Location.objects.filter(council__ons_code=BRANCH_COUNCIL, is_social_care=True)
        .exclude(cqc_id__startswith="SYN-")
        .order_by("-beds", "cqc_id")
        .values_list("cqc_id", flat=True)
        .first()
    )
    return [
        ("dashboard", reverse("dashboard:home")),
        ("register list", reverse("register:location-list")),
        ("workplace page", reverse("register:location-detail", args=[workplace])),
        ("density by council", reverse("density:table", args=["council"])),
        ("targets list", reverse("density:targets")),
    ]


def measure(
    client: Any, url: str, warmup: int, requests: int
) -> tuple[list[float], int, int, float]:
    """Timings (ms) of ``requests`` warm requests, queries and bytes of one, the first (ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = 0.0
    for n in range(warmup):
        started = time.perf_counter()
        response = client.get(url)
        if n == 0:
            first = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx.captured_queries)
    size = len(response.content)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times, queries, size, first


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--persona", choices=["branch", "regional", "both"], default="both")
    args = parser.parse_args()
    setup(args.db)
    from django.db import connection
    from django.test import Client

    from commonground.accounts.models import User

    print(f"command: {command_line('bench.scale.latency')}")
    print(f"database: {connection.vendor}; {load()}")
    personas = ["branch", "regional"] if args.persona == "both" else [args.persona]
    print("| persona | page | p50 ms | p95 ms | first (cold) ms | queries | KB | p95 ≤ 150 ms |")
    print("|---|---|---|---|---|---|---|---|")
    misses = 0
    urls = pages()
    for persona in personas:
        client = Client()
        client.force_login(User.objects.get(username=PERSONAS[persona]))
        for label, url in urls:
            times, queries, size, first = measure(client, url, args.warmup, args.requests)
            p50, p95 = percentile(times, 50), percentile(times, 95)
            ok = p95 <= TARGET_P95_MS
            misses += not ok
            print(
                f"| {persona} organiser | {label} | {p50:.1f} | {p95:.1f} | {first:.0f} | {queries} "
                f"| {size / 1024:.0f} | {'met' if ok else 'MISSED'} |",
                flush=True,
            )
    print(f"after: {load()}")
    return 1 if misses else 0


if __name__ == "__main__":
    raise SystemExit(main())
