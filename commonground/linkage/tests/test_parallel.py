from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
import time
from collections.abc import Sequence

import pytest

from commonground.lib.forked import stop
from commonground.linkage.engine import collector_paused
from commonground.linkage.parallel import (
    SLOTS,
    ParallelStats,
    Share,
    fork_available,
    map_ordered,
    text_key,
)

needs_fork = pytest.mark.skipif(not fork_available(), reason="no fork on this platform")


def _square_with_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


@needs_fork
@pytest.mark.parametrize("key", [None, lambda x: x % 1000])
def test_it_keeps_the_order_across_blocks_and_workers(key: object) -> None:
    stats = ParallelStats()
    out = list(
        map_ordered(
            _square_with_pid,
            range(1000),
            workers=2,
            key=key,  # type: ignore[arg-type]
            min_parallel=10,
            block=64,
            stats=stats,
        )
    )
    assert [r for r, _ in out] == [x * x for x in range(1000)]
    # This process matches its share and one forked worker the rest.
    pids = {pid for _, pid in out}
    assert len(pids) == 2 and os.getpid() in pids
    assert stats.workers == 2 and len(stats.child_peak_kib) == 1


@needs_fork
def test_the_calling_process_takes_its_share() -> None:
    out = list(map_ordered(_square_with_pid, range(9_000), workers=3, min_parallel=10, block=600))
    own = sum(1 for _, pid in out if pid == os.getpid())
    assert own == 3_000 and len({pid for _, pid in out}) == 3


def test_it_stays_in_process_for_small_inputs() -> None:
    stats = ParallelStats()
    out = list(map_ordered(_square_with_pid, range(50), workers=2, min_parallel=100, stats=stats))
    assert out == [(x * x, os.getpid()) for x in range(50)]
    assert stats.workers == 1


def _to_worker(x: int) -> int:
    """A key that sends every item to the forked worker (hash(1) % SLOTS == 1: a slot this
    process never takes, whatever its share)."""
    return 1


def _fail_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError("seven")
    return x


@needs_fork
def test_it_reports_a_worker_failure() -> None:
    with pytest.raises(RuntimeError, match="seven"):
        list(
            map_ordered(
                _fail_on_seven, range(100), workers=2, min_parallel=10, block=16, key=_to_worker
            )
        )


def test_it_sends_spellings_of_one_home_to_one_worker() -> None:
    assert text_key("Hollins Park", "") == text_key("HOLLINS PK CARE HOME", "x") == "hollins"
    assert text_key("The Willows", "") == "willows"
    assert text_key("", "Amberwell Ltd") == "amberwell"
    assert text_key("", "") == ""


def _die_on_seven(x: int) -> int:
    if x == 7 and os.getpid() != _PARENT[0]:
        os._exit(3)  # a worker killed outright: no traceback to send
    return x


_PARENT = [os.getpid()]


@needs_fork
def test_it_reports_a_worker_that_dies() -> None:
    _PARENT[0] = os.getpid()
    with pytest.raises(RuntimeError, match="stopped"):
        list(
            map_ordered(
                _die_on_seven, range(100), workers=2, min_parallel=10, block=16, key=_to_worker
            )
        )


def _term_is_default(x: int) -> tuple[int, bool]:
    return os.getpid(), signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


@needs_fork
def test_a_worker_does_not_keep_the_task_workers_sigterm_handler() -> None:
    """Run inside `commonground worker`, whose SIGTERM handler means "stop after this
    task": a forked worker that kept it would outlive the terminate() of a failed run."""
    before = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        out = list(map_ordered(_term_is_default, range(200), workers=2, min_parallel=10))
    finally:
        signal.signal(signal.SIGTERM, before)
    in_workers = {default for pid, default in out if pid != os.getpid()}
    assert in_workers == {True}


def _ignore_sigterm_and_wait() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(60)


@needs_fork
def test_a_worker_that_ignores_sigterm_is_killed_after_its_grace() -> None:
    process = mp.get_context("fork").Process(target=_ignore_sigterm_and_wait, daemon=True)
    process.start()
    time.sleep(0.3)  # let it install its handler
    started = time.monotonic()
    stop(process, grace=0.5)
    assert not process.is_alive() and process.exitcode == -signal.SIGKILL
    assert time.monotonic() - started < 10


def test_the_calling_process_takes_less_when_it_has_more_besides_matching() -> None:
    share = Share(2)
    assert share.own == SLOTS // 2
    # Equal matching, but this process spent as long again reading and writing.
    share.adjust(mine=2.0, matching=1.0, busy=1.0)
    assert share.own < SLOTS // 2


def test_the_calling_process_takes_more_when_the_worker_is_slower() -> None:
    share = Share(2)
    share.adjust(mine=1.0, matching=1.0, busy=3.0)
    assert share.own > SLOTS // 2
    for _ in range(20):  # however slow the worker, it keeps an eighth
        share.adjust(mine=1.0, matching=1.0, busy=100.0)
    assert share.own == SLOTS - SLOTS // 8


def test_a_balanced_share_stays() -> None:
    share = Share(3)
    own = share.own
    # Each slot costs the same everywhere and this process does nothing else.
    per_slot = 0.01
    share.adjust(mine=own * per_slot, matching=own * per_slot, busy=(SLOTS - own) / 2 * per_slot)
    assert share.own == own


def _oldest_generation_holds(objects: Sequence[object]) -> bool:
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    return all(id(o) in oldest for o in objects)


def test_what_a_paused_run_made_is_not_walked_when_the_collector_is_back() -> None:
    # The first collection after a pause would walk everything made during it (a run's
    # caches: near a second per process); it goes to the oldest generation instead.
    assert gc.get_freeze_count() == 0
    with collector_paused():
        made: list[object] = [[i] for i in range(5_000)]
    assert gc.isenabled()
    assert _oldest_generation_holds(made)
    assert gc.get_freeze_count() == 0  # nothing left frozen


@needs_fork
def test_the_results_of_a_forked_run_are_not_walked_when_it_ends() -> None:
    out = list(map_ordered(_boxed, range(3_000), workers=2, min_parallel=10, block=500))
    assert [b[0] for b in out] == list(range(3_000))
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert _oldest_generation_holds(out)


def _boxed(x: int) -> list[int]:
    return [x]
