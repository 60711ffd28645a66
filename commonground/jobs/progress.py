"""Reporting progress on a Job from inside long work, and drawing it in a terminal."""

from __future__ import annotations

import sys
import time
from typing import Any, Protocol, TextIO

from django.utils import timezone

from commonground.jobs.models import Job, JobStatus


class Progress(Protocol):
    def __call__(self, done: int, total: int | None = None, message: str = "") -> None: ...


def null_progress(done: int, total: int | None = None, message: str = "") -> None:
    return None


class JobProgress:
    """Updates a Job row, at most every ``interval`` seconds (progress must not slow the work)."""

    def __init__(self, job: Job, *, interval: float = 0.5, echo: Progress | None = None) -> None:
        self.job = job
        self.interval = interval
        self.echo = echo
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        if self.echo is not None:
            self.echo(done, total, message)
        now = time.monotonic()
        if now - self._last < self.interval and (total is None or done < total):
            return
        self._last = now
        fields: dict[str, Any] = {"done": done, "message": message[:255]}
        if total is not None:
            fields["total"] = total
        Job.objects.filter(pk=self.job.pk).update(**fields)


class TerminalBar:
    """A progress bar on stderr for the CLI; silent when stderr is not a terminal or --json."""

    def __init__(
        self, label: str, *, stream: TextIO | None = None, enabled: bool | None = None
    ) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._last = 0.0
        self.width = 30

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and (total is None or done < total):
            return
        self._last = now
        if total:
            filled = int(self.width * min(done, total) / total)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"\r{self.label} [{bar}] {done:,}/{total:,} {message[:40]}"
        else:
            text = f"\r{self.label} {done:,} {message[:40]}"
        self.stream.write(text.ljust(100))
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def start(job: Job) -> None:
    job.status = JobStatus.RUNNING
    job.started = timezone.now()
    job.save(update_fields=["status", "started"])


def finish(job: Job, result: dict[str, Any], errors: list[Any] | None = None) -> None:
    job.refresh_from_db(fields=["done", "total"])
    job.status = JobStatus.DONE
    job.result = result
    job.errors = errors or []
    job.finished = timezone.now()
    if job.total is not None:
        job.done = job.total
    job.save(update_fields=["status", "result", "errors", "finished", "done"])


def fail(job: Job, message: str) -> None:
    job.status = JobStatus.FAILED
    job.message = message[:255]
    job.errors = [*job.errors, message]
    job.finished = timezone.now()
    job.save(update_fields=["status", "message", "errors", "finished"])
