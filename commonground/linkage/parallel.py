"""Match many records on several cores: build the matcher once, then fork.

The matcher is built in the parent; worker processes are forked from it (the ``fork``
start method, so they share its memory copy-on-write and nothing is pickled but the
records and the results). The parent reads the records and hands the workers contiguous
chunks; results come back in the original order. Small inputs, one worker, or a platform
without ``fork`` run in the calling process, with identical results.

Each worker keeps its own caches (texts, pairs of texts), so a text seen by both is
analysed twice: that costs some CPU but no coordination.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import re
import resource
import sys
import traceback
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from .engine import collector_paused

__all__ = [
    "MIN_PARALLEL",
    "ParallelStats",
    "default_workers",
    "fork_available",
    "map_ordered",
    "text_key",
]

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 20_000  # fewer records than this run in one process: forking would not pay
BLOCK = 20_000  # records read at a time and shared among the workers
MAX_DEFAULT_WORKERS = 2

_WORK: Callable[[Any], Any] | None = None  # set in the parent just before forking


@dataclass
class ParallelStats:
    """What a run did: how many processes matched, each worker's peak RSS (KiB) and CPU
    seconds."""

    workers: int = 1
    child_peak_kib: dict[int, int] = field(default_factory=dict)
    child_cpu_s: dict[int, float] = field(default_factory=dict)

    @property
    def children_peak_kib(self) -> int:
        """The sum of the workers' peaks (shared copy-on-write pages counted in each)."""
        return sum(self.child_peak_kib.values())


def fork_available() -> bool:
    return sys.platform.startswith("linux") and "fork" in mp.get_all_start_methods()


def default_workers() -> int:
    """The cores this process may use, capped at two (the target machine has two)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        n = os.cpu_count() or 1
    return max(1, min(n, MAX_DEFAULT_WORKERS))


_WORD_RE = re.compile(r"[a-z0-9]+")
_SKIP_WORDS = frozenset({"the", "st", "saint", "and", "of", "a"})


def text_key(workplace: str, employer: str) -> str:
    """Which worker gets a record: the first telling word of its text, lower case.

    Spellings of one home ("Hollins Park", "HOLLINS PK", "Hollins Park Care Home") go to
    the same worker, whose caches then serve them all.
    """
    words: list[str] = _WORD_RE.findall((workplace if workplace.strip() else employer).lower())
    for w in words:
        if w not in _SKIP_WORDS:
            return w
    return ""


def _forked(item: object) -> object:
    raise AssertionError("the work was handed to forked workers")


def _serve(conn: Connection, init: Callable[[], object] | None) -> None:
    """A worker: match each block it is sent until told to stop, then report its peak."""
    work = _WORK
    try:
        assert work is not None, "map_ordered sets the work before forking"
        if init is not None:
            init()
        with collector_paused():
            while (block := conn.recv()) is not None:
                conn.send((True, [work(x) for x in block]))
        use = resource.getrusage(resource.RUSAGE_SELF)
        conn.send((True, (use.ru_maxrss, use.ru_utime + use.ru_stime)))
    except BaseException:
        conn.send((False, traceback.format_exc()))
    finally:
        conn.close()


def _receive(conn: Connection) -> Any:
    ok, payload = conn.recv()
    if not ok:
        raise RuntimeError(f"a matching worker failed:\n{payload}")
    return payload


def map_ordered(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    key: Callable[[T], Hashable] | None = None,
    init: Callable[[], object] | None = None,
    release: Callable[[], object] | None = None,
    min_parallel: int = MIN_PARALLEL,
    block: int = BLOCK,
    stats: ParallelStats | None = None,
) -> Iterator[R]:
    """``map(func, items)``, in forked worker processes when there are enough items.

    ``func`` is not pickled: the workers inherit it (and whatever it closes over, such as
    a built matcher) by forking. Items and results must pickle. Results are yielded in
    the order of ``items``. Fewer than ``min_parallel`` items, ``workers <= 1`` or no
    ``fork`` on this platform: plain ``map`` in this process.

    The items are read in blocks of ``block``; each block is split among the workers by
    ``key`` (items with the same key go to the same worker, so that work a worker caches
    for one is reused for the next; None: contiguous slices), and the results are put
    back in order. The parent reads the next block while the workers match this one.
    ``init`` runs in each worker before its first item (to share out cache sizes, say).
    ``release`` runs in this process once the workers are forked: it should drop this
    process's references to what only the workers use (the built matcher), so that the
    parent stops holding a copy of it (its pages would otherwise stay counted twice once
    the workers' reference counts have copied them). ``func`` itself is dropped too.
    """
    global _WORK
    it = iter(items)
    head = list(islice(it, min_parallel))
    if workers <= 1 or len(head) < min_parallel or not fork_available() or _WORK is not None:
        if stats is not None:
            stats.workers = 1
        with collector_paused():
            yield from map(func, head)
            yield from map(func, it)
        return

    rest = chain(head, it)
    del head

    def split(items: list[T]) -> tuple[list[list[T]], list[list[int]]]:
        parts: list[list[T]] = [[] for _ in range(workers)]
        where: list[list[int]] = [[] for _ in range(workers)]
        if key is None:
            size = -(-len(items) // workers)
            for k in range(workers):
                parts[k] = items[k * size : (k + 1) * size]
                where[k] = list(range(k * size, min((k + 1) * size, len(items))))
        else:
            for i, x in enumerate(items):
                k = hash(key(x)) % workers
                parts[k].append(x)
                where[k].append(i)
        return parts, where

    if stats is not None:
        stats.workers = workers
    ctx = mp.get_context("fork")
    _WORK = func
    # Objects that exist before the fork are never collected in the workers: keep the
    # collector from touching (and so copying) the matcher's pages.
    gc.collect()
    gc.freeze()
    conns: list[Connection] = []
    procs = []
    try:
        for _ in range(workers):
            parent_end, child_end = ctx.Pipe()
            proc = ctx.Process(target=_serve, args=(child_end, init), daemon=True)
            proc.start()
            child_end.close()
            conns.append(parent_end)
            procs.append(proc)
        # Only the workers match from here on: this process keeps no copy of the work.
        del func
        _WORK = _forked
        if release is not None:
            release()
        current = list(islice(rest, block))
        parts, where = split(current)
        for conn, part in zip(conns, parts, strict=True):
            conn.send(part)
        while current:
            upcoming = list(islice(rest, block))  # read while the workers match
            out: list[Any] = [None] * len(current)
            for conn, idx in zip(conns, where, strict=True):
                for i, r in zip(idx, _receive(conn), strict=True):
                    out[i] = r
            if upcoming:
                # The workers go on with the next block while the caller takes these
                # results (writes them, say).
                parts, where = split(upcoming)
                for conn, part in zip(conns, parts, strict=True):
                    conn.send(part)
            yield from out
            current = upcoming
        for conn in conns:
            conn.send(None)
        for conn, proc in zip(conns, procs, strict=True):
            peak, cpu = _receive(conn)
            proc.join()
            if stats is not None:
                stats.child_peak_kib[proc.pid or 0] = peak
                stats.child_cpu_s[proc.pid or 0] = cpu
    finally:
        for conn in conns:
            conn.close()
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()
        _WORK = None
        gc.unfreeze()
