from __future__ import annotations

import os

import pytest

from commonground.linkage.parallel import ParallelStats, fork_available, map_ordered, text_key

needs_fork = pytest.mark.skipif(not fork_available(), reason="no fork on this platform")


def _square_with_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


@needs_fork
@pytest.mark.parametrize("key", [None, lambda x: x % 5])
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
    assert len({pid for _, pid in out}) == 2
    assert os.getpid() not in {pid for _, pid in out}
    assert stats.workers == 2 and len(stats.child_peak_kib) == 2


def test_it_stays_in_process_for_small_inputs() -> None:
    stats = ParallelStats()
    out = list(map_ordered(_square_with_pid, range(50), workers=2, min_parallel=100, stats=stats))
    assert out == [(x * x, os.getpid()) for x in range(50)]
    assert stats.workers == 1


def _fail_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError("seven")
    return x


@needs_fork
def test_it_reports_a_worker_failure() -> None:
    with pytest.raises(RuntimeError, match="seven"):
        list(map_ordered(_fail_on_seven, range(100), workers=2, min_parallel=10, block=16))


def test_it_sends_spellings_of_one_home_to_one_worker() -> None:
    assert text_key("Hollins Park", "") == text_key("HOLLINS PK CARE HOME", "x") == "hollins"
    assert text_key("The Willows", "") == "willows"
    assert text_key("", "Amberwell Ltd") == "amberwell"
    assert text_key("", "") == ""


class _Table:
    """Work that needs a table only the workers keep once they are forked."""

    def __init__(self) -> None:
        self.table: dict[int, int] | None = {x: x * x for x in range(1000)}

    def __call__(self, x: int) -> tuple[int, int]:
        assert self.table is not None, "matched after release"
        return self.table[x], os.getpid()

    def release(self) -> None:
        self.table = None


@needs_fork
def test_the_parent_lets_go_of_what_only_the_workers_use() -> None:
    work = _Table()
    released: list[int] = []

    def release() -> None:
        released.append(os.getpid())
        work.release()

    out = list(
        map_ordered(work, range(1000), workers=2, min_parallel=10, block=64, release=release)
    )
    # The workers kept their copies; this process let its own go, once, after forking.
    assert [r for r, _ in out] == [x * x for x in range(1000)]
    assert os.getpid() not in {pid for _, pid in out}
    assert released == [os.getpid()] and work.table is None


def test_in_one_process_nothing_is_released() -> None:
    work = _Table()
    out = list(map_ordered(work, range(50), workers=2, min_parallel=100, release=work.release))
    assert [r for r, _ in out] == [x * x for x in range(50)]
    assert work.table is not None
