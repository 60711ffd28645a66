"""Work on the other core: forked worker processes, results back in order.

``ordered_map(work, items, workers=2)`` is ``map(work, items)`` with the calls made in
worker processes forked from this one (a ``ProcessPoolExecutor`` with the ``fork`` start
method: ``work`` and what it closes over are inherited, not pickled; items and results
are pickled). A few items per worker are handed out ahead; the caller takes result *n*
while the workers are busy with the next ones, so reading (in the workers) overlaps with
what the caller does with the results.

A failure is never a hang: an exception raised by ``work`` is raised again in the caller
(the same exception, pickled back), and a worker that dies (killed, out of memory) or
sends what cannot be unpickled raises :class:`WorkerFailed`. Workers are stopped when the
caller is done, or stops early, or fails. With one worker, fewer than two items, or no ``fork`` on
this platform, everything runs in this process, with the same results.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import Any, TypeVar, cast

__all__ = [
    "MAX_DEFAULT_WORKERS",
    "WorkerFailed",
    "default_workers",
    "fork_available",
    "ordered_map",
    "signals_as_default",
    "stop",
]

T = TypeVar("T")
R = TypeVar("R")

MAX_DEFAULT_WORKERS = 2


class WorkerFailed(RuntimeError):
    """A worker process stopped or failed; ``str()`` says how."""


def fork_available() -> bool:
    return sys.platform.startswith("linux") and "fork" in mp.get_all_start_methods()


def default_workers() -> int:
    """The cores this process may use, capped at two (the target machine has two)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        n = os.cpu_count() or 1
    return max(1, min(n, MAX_DEFAULT_WORKERS))


_WORK: Callable[[Any], Any] | None = None  # the work, set in the parent before forking


def _call(item: object) -> object:
    assert _WORK is not None, "ordered_map sets the work before forking"
    return _WORK(item)


def signals_as_default() -> None:
    """In a forked worker: the signals' own handling, not the parent's.

    A parent that is the task worker (``commonground worker``) turns SIGTERM into "stop
    after this task"; a worker forked from it would inherit that and outlive a
    ``terminate()``, and the parent waiting for it would hang.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "SIGQUIT"):
        signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def stop(process: Any, grace: float = 5.0) -> None:
    """End a worker process: SIGTERM, and SIGKILL if it is still there after ``grace``."""
    if process.is_alive():
        process.terminate()
        process.join(grace)
    if process.is_alive():
        process.kill()
    process.join()


def _start() -> None:
    signals_as_default()
    # What was there before the fork is the parent's: the collector need not walk it
    # (walking it would copy its pages into this process).
    gc.freeze()


def ordered_map(
    work: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    what: str = "work",
    ahead: int = 2,
) -> Iterator[R]:
    """``map(work, items)`` in up to ``workers`` forked processes, in order (module doc).

    Up to ``ahead`` items per worker are handed out before their results are taken (the
    executor's threads send and receive them, so the workers never wait for the caller).
    ``what`` names the work in a :class:`WorkerFailed` message ("reading the workbook").
    """
    global _WORK
    it = iter(items)
    head = list(islice(it, 2))
    if workers <= 1 or len(head) < 2 or not fork_available() or _WORK is not None:
        yield from map(work, chain(head, it))
        return
    source = chain(head, it)
    _WORK = work
    # The workers are forked at the first submit, and inherit ``work`` from there.
    executor = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"), initializer=_start)
    try:
        pending: deque[Future[object]] = deque(
            executor.submit(_call, item) for item in islice(source, workers * ahead)
        )
        while pending:
            try:
                result = pending.popleft().result()
            except BrokenProcessPool as exc:
                raise WorkerFailed(f"{what} failed: a worker process stopped ({exc})") from exc
            for item in islice(source, 1):
                pending.append(executor.submit(_call, item))
            yield cast(R, result)
    finally:
        _WORK = None
        executor.shutdown(wait=True, cancel_futures=True)
