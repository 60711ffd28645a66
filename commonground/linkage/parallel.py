"""Match many records on several cores: build the matcher once, then fork.

The matcher is built in this process; further worker processes are forked from it (the
``fork`` start method, so they share its memory copy-on-write and nothing is pickled but
the records and the results). This process reads the records, hands the workers their
parts of each block ahead of time, matches its own part and puts the results back in the
original order. Small inputs, one worker, or a platform without ``fork`` run in the
calling process, with identical results.

Each process keeps its own caches (texts, pairs of texts), so a text seen by two is
analysed twice: that costs some CPU but no coordination.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import queue
import re
import resource
import time
import traceback
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any, TypeVar

from commonground.lib.forked import default_workers, fork_available, signals_as_default, stop

from .engine import collector_paused

__all__ = [
    "MIN_PARALLEL",
    "ParallelStats",
    "Share",
    "default_workers",
    "fork_available",
    "map_ordered",
    "text_key",
]

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL = 20_000  # fewer records than this run in one process: forking would not pay
BLOCK = 10_000  # records read at a time and shared among the processes
SLOTS = 64  # a key's hash picks one of these; this process takes a share of them (below)

_WORK: Callable[[Any], Any] | None = None  # set just before forking


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


def _serve(inbox: Any, outbox: Any, init: Callable[[], object] | None) -> None:
    """A forked worker: match each part it is sent until told to stop, then report."""
    work = _WORK
    signals_as_default()
    try:
        assert work is not None, "map_ordered sets the work before forking"
        if init is not None:
            init()
        # Paused for good: this process ends when told to stop, and the collector's first
        # pass after a pause would walk all it made (its caches) for nothing.
        gc.disable()
        while (part := inbox.get()) is not None:
            started = time.perf_counter()
            done = [work(x) for x in part]
            outbox.put((True, (done, time.perf_counter() - started)))
        use = resource.getrusage(resource.RUSAGE_SELF)
        outbox.put((True, (use.ru_maxrss, use.ru_utime + use.ru_stime)))
    except BaseException:
        outbox.put((False, traceback.format_exc()))
    finally:
        outbox.close()
        outbox.join_thread()


def _receive(outbox: Any, proc: Any) -> Any:
    while True:
        try:
            ok, payload = outbox.get(timeout=1.0)
            break
        except queue.Empty:
            if not proc.is_alive():
                raise RuntimeError(
                    f"a matching worker stopped (exit code {proc.exitcode})"
                ) from None
    if not ok:
        raise RuntimeError(f"a matching worker failed:\n{payload}")
    return payload


class Share:
    """How many of the :data:`SLOTS` this process takes, learnt block by block.

    This process does more than match its part: it reads the records, splits the
    blocks, sends and receives the parts, and the caller writes the results; and the
    processes need not run at one speed. With fixed equal parts, one waited for the
    other at every block. After each block the share is set so that this process's time
    (``mine``: its matching, ``matching`` of it, and the rest) would equal the busiest
    worker's, each slot costing what it cost in that block; halfway there each time,
    as blocks vary, and never below an eighth or above seven eighths.
    """

    def __init__(self, workers: int) -> None:
        self.children = workers - 1
        self.own = SLOTS // workers

    def adjust(self, mine: float, matching: float, busy: float) -> None:
        if matching <= 0.0 or busy <= 0.0:
            return
        per_own = matching / self.own  # this process's seconds per slot
        per_child = busy * self.children / (SLOTS - self.own)  # a worker's, per slot
        rest = mine - matching  # this process's work that is not matching
        # own * per_own + rest == (SLOTS - own) / children * per_child
        target = (SLOTS * per_child / self.children - rest) / (per_own + per_child / self.children)
        own = round((self.own + target) / 2)
        self.own = min(max(own, SLOTS // 8), SLOTS - SLOTS // 8)


def map_ordered(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    key: Callable[[T], Hashable] | None = None,
    init: Callable[[], object] | None = None,
    min_parallel: int = MIN_PARALLEL,
    block: int = BLOCK,
    stats: ParallelStats | None = None,
) -> Iterator[R]:
    """``map(func, items)``, in ``workers`` processes when there are enough items.

    This process is one of them: it forks ``workers - 1`` more, which inherit ``func``
    (and whatever it closes over, such as a built matcher) by forking, so ``func`` is
    not pickled; items and results must pickle. Results are yielded in the order of
    ``items``. Fewer than ``min_parallel`` items, ``workers <= 1`` or no ``fork`` on this
    platform: plain ``map`` in this process.

    The items are read in blocks of ``block``; each block is split among the processes
    by ``key`` (items with the same key go to the same process, so that work a process
    caches for one is reused for the next; None: contiguous slices), and the results are
    put back in order. The forked workers are always sent their parts of the next block
    before this process matches its part of the current one, so they never wait for its
    reading, matching or writing. With a key, the parts are not equal: this process
    takes the share of the keys that gives it as much to do as each worker, its
    reading, sending and the caller's writing counted (:class:`Share`, learnt as the
    blocks go). ``init`` runs in each process before its first item (to share out cache
    sizes, say).

    Why this process matches rather than only feeding workers: every process that
    reads the matcher copies the pages whose reference counts it touches, so one
    process fewer is one copy fewer (memory: docs/decisions.md, session 4).
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
    children = workers - 1

    def split(items: list[T], own: int) -> tuple[list[list[T]], list[list[int]]]:
        """The block's parts: this process's first, then each forked worker's. With a
        key, this process takes the items whose slot is among the last ``own``."""
        parts: list[list[T]] = [[] for _ in range(workers)]
        where: list[list[int]] = [[] for _ in range(workers)]
        if key is None:
            size = -(-len(items) // workers)
            for k in range(workers):
                parts[k] = items[k * size : (k + 1) * size]
                where[k] = list(range(k * size, min((k + 1) * size, len(items))))
        else:
            first_own = SLOTS - own
            for i, x in enumerate(items):
                slot = hash(key(x)) % SLOTS
                k = 0 if slot >= first_own else 1 + slot % children
                parts[k].append(x)
                where[k].append(i)
        return parts, where

    if stats is not None:
        stats.workers = workers
    # Paused from before the freeze below to after the thaw, so that when it ends what was
    # made meanwhile (the caches) joins the oldest generation unwalked
    # (engine.util.promote_unwalked).
    with collector_paused():
        ctx = mp.get_context("fork")
        _WORK = func
        # Objects that exist before the fork are never collected in the workers: keep the
        # collector from touching (and so copying) the matcher's pages. No collection first:
        # it walked the whole matcher (a quarter of a second, with this process alone at
        # work) to find nothing; garbage frozen here is freed when the run unfreezes it.
        gc.freeze()
        inboxes = [ctx.Queue() for _ in range(children)]
        outboxes = [ctx.Queue() for _ in range(children)]
        procs = [
            ctx.Process(target=_serve, args=(inbox, outbox, init), daemon=True)
            for inbox, outbox in zip(inboxes, outboxes, strict=True)
        ]
        try:
            for proc in procs:
                proc.start()
            if init is not None:
                init()
            share = Share(workers)
            current = list(islice(rest, block))
            parts, where = split(current, share.own)
            for inbox, part in zip(inboxes, parts[1:], strict=True):
                inbox.put(part)
            while current:
                started = time.perf_counter()
                upcoming = list(islice(rest, block))
                if upcoming:
                    # The workers' next parts go out first: they go on matching while
                    # this process matches its own part and the caller takes the results.
                    next_parts, next_where = split(upcoming, share.own)
                    for inbox, part in zip(inboxes, next_parts[1:], strict=True):
                        inbox.put(part)
                out: list[Any] = [None] * len(current)
                matching = time.perf_counter()
                for i, x in zip(where[0], parts[0], strict=True):
                    out[i] = func(x)
                waiting = time.perf_counter()
                busy = 0.0
                for outbox, proc, idx in zip(outboxes, procs, where[1:], strict=True):
                    done, seconds = _receive(outbox, proc)
                    busy = max(busy, seconds)
                    for i, r in zip(idx, done, strict=True):
                        out[i] = r
                received = time.perf_counter()
                del parts
                yield from out
                del out
                if key is not None:
                    # This process's own time in the block: all of it but the wait for
                    # the workers (the caller's writing of the results included).
                    mine = time.perf_counter() - started - (received - waiting)
                    share.adjust(mine, waiting - matching, busy)
                current = upcoming
                if upcoming:
                    parts, where = next_parts, next_where
            for inbox in inboxes:
                inbox.put(None)
            for outbox, proc in zip(outboxes, procs, strict=True):
                peak, cpu = _receive(outbox, proc)
                proc.join()
                if stats is not None:
                    stats.child_peak_kib[proc.pid or 0] = peak
                    stats.child_cpu_s[proc.pid or 0] = cpu
        finally:
            for proc in procs:
                stop(proc)
            for q in (*inboxes, *outboxes):
                q.close()
                q.cancel_join_thread()
            _WORK = None
            gc.unfreeze()
