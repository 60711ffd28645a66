"""HTTP throughput at national scale: gunicorn on loopback under wrk, logged in (issue 9).

    .venv/bin/python -m bench.scale.throughput --db sqlite
    DATABASE_URL=postgres://postgres@127.0.0.1:55439/cgscale \\
        .venv/bin/python -m bench.scale.throughput --db postgres

Starts ``gunicorn commonground.wsgi`` (``--workers``, sync workers, ``DEBUG`` off, static
files collected and served by whitenoise) on 127.0.0.1, logs the branch organiser in (a
session row; its cookie goes in wrk's ``Cookie`` header), checks each URL answers 200, then
runs ``wrk --latency`` against the register list and a workplace page. wrk runs on the same
2 cores as gunicorn and the database. Target: ≥ 200 requests/s for the register list.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from typing import Any

from bench.scale.common import OUT, PERSONAS, ROOT, command_line, environment, load, setup
from bench.scale.latency import pages

TARGET_RPS = 200.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, cookie: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=30) as response:
                if response.status == 200 and not response.geturl().endswith("/login/"):
                    return
                raise RuntimeError(f"{url}: {response.status} {response.geturl()}")
        except (ConnectionError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _wrk(url: str, cookie: str, args: argparse.Namespace) -> dict[str, Any]:
    out = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.MULTILINE))
    return {
        "rps": rps,
        "non2xx": int(bad.group(1)) if bad else 0,
        "errors": errors.group(0) if errors else "",
        "p50": lat.get("50", "?"),
        "p99": lat.get("99", "?"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--duration", type=int, default=20, help="seconds per URL")
    parser.add_argument("--persona", choices=list(PERSONAS), default="branch")
    args = parser.parse_args()
    setup(args.db)
    from django.conf import settings
    from django.test import Client

    from commonground.accounts.models import User

    print(f"command: {command_line('bench.scale.throughput')}")
    client = Client()
    client.force_login(User.objects.get(username=PERSONAS[args.persona]))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    urls = dict(pages())
    port = _free_port()
    env = {**os.environ, **environment(args.db)}
    log = (OUT / f"gunicorn-{args.db}.log").open("w")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "commonground.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    failed = False
    try:
        base = f"http://127.0.0.1:{port}"
        measured = ("register list", "workplace page")
        for label in measured:
            _wait(base + urls[label], cookie)
        print(
            f"database: {args.db}; gunicorn --workers {args.workers} (sync); "
            f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s; persona "
            f"{args.persona} organiser"
        )
        print("| page | requests/s | p50 | p99 | non-2xx | load before | target |")
        print("|---|---|---|---|---|---|---|")
        for label in measured:
            before = load()
            for _ in range(2 * args.workers):  # every worker warm
                _wait(base + urls[label], cookie)
            r = _wrk(base + urls[label], cookie, args)
            ok = r["non2xx"] == 0 and (label != "register list" or r["rps"] >= TARGET_RPS)
            failed |= not ok
            target = "≥ 200/s " + ("met" if ok else "MISSED") if label == "register list" else ""
            print(
                f"| {label} | {r['rps']:.0f} | {r['p50']} | {r['p99']} | {r['non2xx']} "
                f"| {before} | {target} |",
                flush=True,
            )
            if r["errors"]:
                print(f"  {r['errors']}")
        print(f"after: {load()}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
