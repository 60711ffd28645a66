"""The public join form under load: gunicorn + PostgreSQL, linkage included (issue 18).

    bench/scale/pg.sh start      # a throwaway PostgreSQL cluster on 127.0.0.1:55439
    .venv/bin/python -m bench.public_form [--workers 4] [--duration 30] [--connections 8]

Sets up a database with the North West register (2,100 locations read from CQC's files in
``COMMONGROUND_DATA_DIR``) and the demo's branches, opens a join form, starts ``gunicorn
commonground.wsgi`` (sync workers, ``DEBUG`` off) on 127.0.0.1, and drives it with ``wrk``
(``apt-get install wrk``) running a Lua script: every request is a different worker (a new
name and email, a mobile number, consent ticked) whose workplace is typed as free text,
drawn from the register's own names, misspelt names and unknown places, so each goes through
the linkage engine and about half of them become review items. Each request does what a real
one does: token check, dedupe query, contact write, linkage, submission and answers, consent
per channel, audit rows.

Prints requests/s (only 302 redirects to the thank-you page count as handled), latency, what
the database holds afterwards, the machine's load (``uptime``) and the command. Target:
≥ 100 submissions/s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:55439/cgscale"
TARGET = 100.0

LUA = r"""
local names = {%(names)s}
local counter = 1
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  n = 0
  tag = tostring(id) .. "t" .. tostring(os.time())
  -- A mobile number nobody has yet (a new worker each time; runs do not repeat numbers).
  math.randomseed(os.time() * 100 + id)
  base = math.random(0, 999999999)
end
request = function()
  n = n + 1
  local w = names[(n %% #names) + 1]
  local body = "name=Bench+Worker+" .. n .. "&email=bench" .. tag .. "-" .. n .. "%%40example.invalid"
    .. "&phone=07" .. string.format("%%09d", (base + n * 7919) %% 1000000000)
    .. "&workplace=" .. w .. "&consent=on&website=&lang=en-gb&started=%(token)s"
  return wrk.format("POST", "%(path)s", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
"""


def environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "public-form-bench-not-secret-" + "x" * 40,
        "COMMONGROUND_VAR_DIR": str(ROOT / "bench" / "out" / "public-var"),
        "COMMONGROUND_REQUIRE_2FA": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DB_CONN_MAX_AGE": "600",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "COMMONGROUND_PUBLIC_MIN_FILL_SECONDS": "3",
        # The load comes from one address: the per-address limits would refuse it.
        "COMMONGROUND_RATE_LIMITS": "public.ip=off,public-form.ip=off,public-form.key=off",
        "DJANGO_SETTINGS_MODULE": "commonground.settings",
    }


def setup(env: dict[str, str]) -> tuple[str, list[str]]:
    """Migrate, seed the register and branches, open a join form: its address and the
    workplace texts the load will type."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from commonground.accounts.models import Branch, User
    from commonground.demo.seed import seed_foundation
    from commonground.publicpages.actions import create_page, set_page_open
    from commonground.publicpages.models import Page
    from commonground.register import demo as register_demo
    from commonground.register.models import Location

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    region, _personas = seed_foundation()
    if not Location.objects.filter(council__region=region).exists():
        print(register_demo.seed(region))
    page = Page.objects.filter(slug="bench-join").first()
    if page is None:
        admin = User.objects.get(username="admin")
        page = create_page(
            admin,
            kind="join",
            values={
                "title": "Bench join form",
                "slug": "bench-join",
                "branch": Branch.objects.get(code="NW-D01"),
                "consent_wording": "The union may contact me.",
            },
        )
        set_page_open(admin, page, True)
    rng = random.Random(18)
    names = list(
        Location.objects.filter(council__region=region, registration_status="registered")
        .order_by("?")
        .values_list("name", flat=True)[:400]
    )
    texts = []
    for name in names:
        roll = rng.random()
        if roll < 0.5:
            texts.append(name)
        elif roll < 0.8:  # one slip: a letter dropped
            i = rng.randrange(1, max(2, len(name) - 1))
            texts.append(name[:i] + name[i + 1 :])
        else:
            texts.append(rng.choice(["Tesco", "the hospital", "Agency work", "Home care round"]))
    return f"/public/{page.slug}/", texts


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                if r.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def in_process(texts: list[str], path: str, count: int) -> None:
    """The load-independent figures: queries and application CPU per submission, measured in
    this process through Django's test client (the whole middleware stack and view, no HTTP
    server), for ``count`` submissions drawn as the wrk script draws them."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from commonground.publicpages.defences import issue_token
    from commonground.publicpages.models import Page, Submission

    page = Page.objects.get(slug="bench-join")
    token = issue_token(page.pk, now=time.time() - 60)
    client = Client(HTTP_HOST="127.0.0.1")
    tag = f"{os.getpid()}t{int(time.time())}"
    base = random.Random(tag).randrange(10**9)  # mobile numbers nobody has yet

    def post(n: int) -> None:
        # Sent as wrk sends it (and a browser's form): urlencoded, not multipart.
        response = client.post(
            path,
            urlencode(
                {
                    "name": f"Bench Worker {n}",
                    "email": f"bench{tag}-{n}@example.invalid",
                    "phone": f"07{(base + n * 7919) % 10**9:09d}",
                    "workplace": texts[n % len(texts)],
                    "consent": "on",
                    "website": "",
                    "lang": "en-gb",
                    "started": token,
                }
            ),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 302, (response.status_code, n)

    from django.test import override_settings

    from commonground.publicpages.actions import process_submissions

    for n in range(10):  # warm: the register cache, templates, translations
        post(n)
    process_submissions()
    before = Submission.objects.filter(page=page).count()
    profiler = _profiler()
    # The POST alone: the task backend only records the run asked for (a worker would do it).
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        started, wall = time.process_time(), time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            for n in range(10, 10 + count):
                post(n)
        cpu, wall = time.process_time() - started, time.perf_counter() - wall
    made = Submission.objects.filter(page=page).count() - before
    print(
        f"in-process POST: {made} submissions taken; {len(queries) / count:.1f} queries per "
        f"submission; {cpu / count * 1000:.1f} ms application CPU per submission "
        f"(time.process_time); {wall / count * 1000:.1f} ms wall; load "
        f"{os.getloadavg()[0]:.2f}; {connection.vendor}"
    )
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for q in queries.captured_queries[: len(queries) // count]:
            print("  ", q["sql"][:160])
    _print_profile(profiler)
    profiler = _profiler()
    started, wall = time.process_time(), time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        counts = process_submissions()
    cpu, wall = time.process_time() - started, time.perf_counter() - wall
    print(
        f"in-process processing (batches of 200): {counts}; "
        f"{len(queries) / count:.1f} queries per submission; {cpu / count * 1000:.1f} ms "
        f"application CPU per submission; {wall / count * 1000:.1f} ms wall; load "
        f"{os.getloadavg()[0]:.2f}"
    )
    _print_profile(profiler)


def _profiler() -> Any:
    if not os.environ.get("BENCH_PROFILE"):
        return None
    import cProfile

    # CPU time, not wall: waits on PostgreSQL and the other engineers' load left out.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    return profiler


def _print_profile(profiler: Any) -> None:
    if profiler is not None:
        import pstats

        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats(os.environ["BENCH_PROFILE"])
        stats.print_stats(os.environ.get("BENCH_PROFILE_FILTER", ""), 40)


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _tree_cpu(*pids: int) -> float:
    """User + system CPU seconds of ``pids`` and their children, now (Linux ``/proc``)."""
    total, todo = 0.0, list(pids)
    while todo:
        pid = todo.pop()
        total += _pid_cpu(pid)
        try:
            todo += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def _pid_cpu(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _database_cpu(start: dict[int, float] | None = None) -> dict[int, float]:
    """CPU seconds of the PostgreSQL backends serving this database (gunicorn's and the
    worker's connections; this process's own left out), read from ``/proc``: each backend's
    total, or with ``start`` what each spent since. A backend that ended in between is
    missed (the bench keeps its connections: ``DB_CONN_MAX_AGE``)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        pids = [int(row[0]) for row in cursor.fetchall()]
    now = {pid: _pid_cpu(pid) for pid in pids}
    if start is None:
        return now
    return {pid: cpu - start.get(pid, 0.0) for pid, cpu in now.items()}


def _drain(page: Any, timeout: float) -> bool:
    """Wait until the worker has filed every submission of ``page``; False on timeout."""
    from commonground.publicpages.models import Submission

    deadline = time.monotonic() + timeout
    while Submission.objects.filter(page=page, processed_at__isnull=True).exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--in-process",
        type=int,
        default=0,
        metavar="N",
        help="instead of gunicorn + wrk: N submissions in this process; queries and CPU each",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--task-workers",
        type=int,
        default=1,
        help="`commonground worker` processes filing the queue (they share it: SKIP LOCKED)",
    )
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    env = environment(url)
    path, texts = setup(env)
    if args.in_process:
        in_process(texts, path, args.in_process)
        print(
            f"command: DATABASE_URL={url} .venv/bin/python -m bench.public_form "
            + " ".join(sys.argv[1:])
        )
        return
    from urllib.parse import quote_plus

    from django.db.models import Max
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from commonground.linkage.models import ReviewItem
    from commonground.people.models import Person
    from commonground.publicpages.defences import issue_token
    from commonground.publicpages.models import Page, Submission

    page = Page.objects.get(slug="bench-join")
    token = issue_token(page.pk, now=time.time() - 60)  # served a minute ago
    # Runs an earlier bench left waiting would be the worker's first work here.
    DBTaskResult.objects.filter(status="READY").delete()
    lua = LUA % {
        "names": ", ".join('"' + quote_plus(t).replace('"', "") + '"' for t in texts),
        "token": quote_plus(token),
        "path": path,
    }
    port = _port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "commonground.wsgi",
            f"--workers={args.workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    # The background worker that files what the POSTs took (docs/deployment.md).
    task_workers = [
        subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "commonground"), "worker", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
        )
        for _n in range(args.task_workers)
    ]
    wrk_cpu = 0.0
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + path)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(lua)
        # Warm up: every worker builds its register once (cached five minutes after).
        cpu0 = _children_cpu()
        subprocess.run(
            ["wrk", "-t1", f"-c{args.workers}", "-d8s", "-s", f.name, base + path],
            check=True,
            capture_output=True,
        )
        wrk_cpu += _children_cpu() - cpu0
        if not _drain(page, 300):
            raise SystemExit("the worker did not file the warm-up submissions")
        warm_pk = Submission.objects.filter(page=page).aggregate(m=Max("pk"))["m"] or 0
        load_before = os.getloadavg()
        first_post = timezone.now()
        app0 = _tree_cpu(server.pid, *(w.pid for w in task_workers))
        db0 = _database_cpu()
        tasks0 = DBTaskResult.objects.count()
        cpu0 = _children_cpu()
        out = subprocess.run(
            [
                "wrk",
                f"-t{args.threads}",
                f"-c{args.connections}",
                f"-d{args.duration}s",
                "--timeout=10s",
                "--latency",
                "-s",
                f.name,
                base + path,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        wrk_cpu += _children_cpu() - cpu0
        load_after = os.getloadavg()
        drained = _drain(page, 600)
        app_run = _tree_cpu(server.pid, *(w.pid for w in task_workers)) - app0
        db_run = sum(_database_cpu(db0).values())
        tasks_run = DBTaskResult.objects.count() - tasks0
        # Runs that found nothing to file (another run had filed it all), and runs still
        # waiting once everything is filed (they would find nothing either).
        runs = DBTaskResult.objects.filter(
            enqueued_at__gte=first_post, task_path__endswith=".process_submissions_task"
        )
        all_runs = runs.count()
        empty_runs = runs.filter(return_value__processed=0, return_value__failed=0).count()
        left_waiting = runs.filter(status="READY").count()
        last_filed = Submission.objects.filter(page=page).aggregate(m=Max("processed_at"))["m"]
        load_drained = os.getloadavg()
    finally:
        server.terminate()
        for worker in task_workers:
            worker.terminate()
        server.wait(timeout=30)
        for worker in task_workers:
            worker.wait(timeout=60)
    app_cpu = _children_cpu() - wrk_cpu  # gunicorn and the worker, set-up and warm-up too
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    lat = dict(re.findall(r"^\s+(50|90|99)%\s+([\d.]+\w+)", out, re.MULTILINE))
    run = Submission.objects.filter(page=page, pk__gt=warm_pk)
    made = run.count()
    # Filed: the contact made or found, the link decided, the consent recorded (one
    # transaction each batch: the three come together or not at all).
    filed = run.filter(processed_at__isnull=False, person__isnull=False).count()
    decisions: dict[str, int] = {}
    for d in run.values_list("link_decision", flat=True):
        decisions[d] = decisions.get(d, 0) + 1
    span = (last_filed - first_post).total_seconds() if last_filed else float("inf")
    accepted = made / args.duration
    processed = filed / span
    print(out)
    print(
        f"requests/s {rps:.1f}; non-2xx/3xx {int(bad.group(1)) if bad else 0}; latency p50 "
        f"{lat.get('50')} p90 {lat.get('90')} p99 {lat.get('99')}"
    )
    print(
        f"accepted/s {accepted:.1f} ({made} submissions taken in {args.duration} s); "
        f"processed/s {processed:.1f} ({filed} filed with contact, link decision and consent, "
        f"{span:.1f} s from the first POST to the last filed; drained: {drained}); target "
        f"{TARGET:.0f}/s: {'met' if min(accepted, processed) >= TARGET else 'NOT met'}"
    )
    print(
        f"people {Person.objects.count()}; review items {ReviewItem.objects.count()}; "
        f"link decisions {decisions}; application CPU (gunicorn + worker, incl. set-up and "
        f"warm-up) {app_cpu:.1f} s; during the run and drain {app_run:.1f} s, "
        f"{app_run / max(1, made) * 1000:.1f} ms per submission; wrk {wrk_cpu:.1f} s"
    )
    print(
        f"PostgreSQL backends of this database during the run and drain: {db_run:.1f} s CPU, "
        f"{db_run / max(1, made) * 1000:.1f} ms per submission; our CPU + theirs "
        f"{(app_run + db_run) / max(1, made) * 1000:.1f} ms per submission; "
        f"{tasks_run} processing runs queued ({made / max(1, tasks_run):.0f} submissions each); "
        f"of the {all_runs} runs {empty_runs} found nothing to file and {left_waiting} still "
        f"waited when all was filed"
    )
    print(
        f"gunicorn --workers {args.workers} + {args.task_workers} commonground worker(s); wrk -t{args.threads} "
        f"-c{args.connections} -d{args.duration}s; load average before {load_before[0]:.2f}, "
        f"after wrk {load_after[0]:.2f}, drained {load_drained[0]:.2f}; {os.cpu_count()} cores"
    )
    print(
        "command: DATABASE_URL="
        + url
        + " .venv/bin/python -m bench.public_form "
        + " ".join(sys.argv[1:])
    )


if __name__ == "__main__":
    main()
