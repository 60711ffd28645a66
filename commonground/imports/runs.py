"""The life of an import run: start (under a lock), progress, finish or fail.

One run model for every importer (people, register, places, motions). A run holds a lock
while it runs: one import at a time into a branch (people), or into the register (register
and places files). The lock is a row, not a file: ``ImportRun.lock_key`` is unique among
running runs (a partial unique index on SQLite and PostgreSQL alike), so a second import
started at once is refused with :class:`ImportLocked`, naming the run that holds it.

A run killed with its process (``kill -9``, a crashed worker) would hold its lock for
ever; so a running run records its host and process id and beats a heartbeat with its
progress, and before any run starts, running runs whose process is gone (same host) or
whose heartbeat is older than ``STALE_AFTER`` are marked failed.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.accounts.models import Branch
from commonground.audit.log import log_action
from commonground.imports.models import ImportRun, RunStatus
from commonground.jobs import progress as job_progress
from commonground.jobs.progress import JobProgress, Progress

__all__ = [
    "STALE_AFTER",
    "ImportLocked",
    "RunProgress",
    "begin",
    "fail",
    "finish",
    "lock_key",
    "mark_stale_runs_failed",
    "running",
]

# A run's progress updates its heartbeat at least every few seconds while rows flow;
# a quarter of an hour without one is a run that will not finish.
STALE_AFTER = timedelta(minutes=15)
HEARTBEAT_EVERY = timedelta(seconds=20)

# What each kind of import locks: its branch (people), or the register (register and
# places files, which share councils and locations).
_REGISTER_KINDS = frozenset({"register", "councils", "boundaries", "postcodes"})


class ImportLocked(Exception):
    """Another import holds the lock this run needs; ``str()`` says which, and since when."""

    def __init__(self, holder: ImportRun | None, key: str) -> None:
        self.holder = holder
        self.key = key
        super().__init__(self._message())

    def _message(self) -> str:
        holder = self.holder
        if holder is None:
            return _("Another import is running (%(what)s). Try again when it has finished.") % {
                "what": self.key
            }
        started = timezone.localtime(holder.started or holder.created)
        return _(
            "Another import is already running into %(what)s: import #%(run)s of "
            "%(file)s, started %(started)s. Try again when it has finished."
        ) % {
            "what": holder.branch.name if holder.branch else _("the register"),
            "run": holder.pk,
            "file": holder.original_name or holder.kind,
            "started": started.strftime("%d %b %Y %H:%M"),
        }


def lock_key(kind: str, branch: Branch | None) -> str:
    if kind in _REGISTER_KINDS:
        return "register"
    if branch is not None:
        return f"branch:{branch.pk}"
    return kind


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


def mark_stale_runs_failed(now: Any = None) -> int:
    """Fail running runs whose process is gone or whose heartbeat stopped; how many."""
    now = now or timezone.now()
    host = socket.gethostname()
    stale: list[int] = []
    running = ImportRun.objects.filter(status=RunStatus.RUNNING).values_list(
        "pk", "host", "pid", "heartbeat", "started"
    )
    for pk, run_host, pid, heartbeat, started in running:
        last = heartbeat or started
        if (
            last is None
            or now - last > STALE_AFTER
            or (run_host == host and pid and not _alive(pid))
        ):
            stale.append(pk)
    for run in ImportRun.objects.filter(pk__in=stale).select_related("job"):
        fail(run, _("The import stopped without finishing (its process ended). Run it again."))
    return len(stale)


def begin(run: ImportRun) -> None:
    """Mark ``run`` running, holding its lock; ImportLocked when another run holds it."""
    mark_stale_runs_failed()
    # A dry run writes nothing: it locks nothing either (its key is its own).
    key = f"dry-run:{run.pk}" if run.dry_run and run.pk else lock_key(run.kind, run.branch)
    now = timezone.now()
    updates = {
        "status": RunStatus.RUNNING,
        "lock_key": key,
        "host": socket.gethostname()[:100],
        "pid": os.getpid(),
        "started": now,
        "heartbeat": now,
        "error": "",
    }
    try:
        with transaction.atomic():
            if run.pk is None:
                for name, value in updates.items():
                    setattr(run, name, value)
                run.save()
            else:
                ImportRun.objects.filter(pk=run.pk).update(**updates)
                for name, value in updates.items():
                    setattr(run, name, value)
    except IntegrityError:
        holder = (
            ImportRun.objects.filter(status=RunStatus.RUNNING, lock_key=key)
            .exclude(pk=run.pk)
            .select_related("branch")
            .first()
        )
        refused = ImportLocked(holder, key)
        if run.pk is not None:
            ImportRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED, error=str(refused), finished=timezone.now()
            )
            run.status = RunStatus.FAILED
            run.error = str(refused)
            if run.job is not None:
                job_progress.fail(run.job, str(refused))
        raise refused from None
    if run.job is not None:
        job_progress.start(run.job)


def finish(run: ImportRun, counts: dict[str, Any], *, rejected_file: str = "") -> None:
    """The run is done: its counts (the summary), its rejected-rows file; the lock goes."""
    run.status = RunStatus.DONE
    run.counts = counts
    run.finished = timezone.now()
    run.lock_key = ""
    fields = ["status", "counts", "finished", "lock_key"]
    if rejected_file:
        run.rejected_file.name = rejected_file
        fields.append("rejected_file")
    run.save(update_fields=fields)
    if run.job is not None:
        job_progress.finish(run.job, {k: v for k, v in counts.items() if isinstance(v, int)})


def fail(run: ImportRun, error: str) -> None:
    """The run failed (nothing of an unfinished batch was written); the lock goes."""
    run.status = RunStatus.FAILED
    run.error = error
    run.finished = timezone.now()
    run.lock_key = ""
    run.save(update_fields=["status", "error", "finished", "lock_key"])
    if run.job is not None:
        job_progress.fail(run.job, error)
    log_action(
        run.branch,
        "imports.run.failed",
        run.created_by or "import",
        {"run": run.pk, "kind": run.kind, "error": error[:500]},
    )


class RunProgress:
    """The one progress of an import: its Job (the page's bar), the terminal's bar when
    given, and the run's heartbeat (so a live run is never taken for a dead one)."""

    def __init__(self, run: ImportRun, *, echo: Progress | None = None) -> None:
        self.run = run
        self.job_progress = JobProgress(run.job, echo=echo) if run.job is not None else None
        self.echo = echo
        self._beat = timezone.now()

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        if self.job_progress is not None:
            self.job_progress(done, total, message)
        elif self.echo is not None:
            self.echo(done, total, message)
        now = timezone.now()
        if now - self._beat >= HEARTBEAT_EVERY:
            self._beat = now
            ImportRun.objects.filter(pk=self.run.pk).update(heartbeat=now)


@contextmanager
def running(run: ImportRun) -> Iterator[ImportRun]:
    """``begin`` the run; on an exception, ``fail`` it and re-raise (the caller finishes)."""
    begin(run)
    try:
        yield run
    except BaseException as exc:
        if run.status == RunStatus.RUNNING:
            fail(run, str(exc) or type(exc).__name__)
        raise
