from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any

import pytest

from commonground.imports.engine import BatchResult, estimate_rows, run_rows
from commonground.imports.rejects import RejectWriter
from commonground.imports.rows import BlankRow, CleanRow, RejectedRow


class Recorder:
    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.rejected: list[int] = []

    def write_batch(self, rows: Any) -> BatchResult:
        self.batches.append([r.line for r in rows])
        return BatchResult(created=len(rows))

    def saw_rejected(self, row: Any) -> None:
        self.rejected.append(row.line)


@pytest.mark.django_db
def test_it_batches_counts_and_keeps_every_rejected_row(tmp_path):
    rows: list[Any] = [CleanRow(i, {}) for i in range(2, 9)]
    rows.insert(3, RejectedRow(5, ["email: 'x' is not valid"], {"Email": "=cmd()", "Name": "A"}))
    rows.append(BlankRow(20))
    recorder = Recorder()
    rejects = RejectWriter(tmp_path / "rejected.csv", ["Name", "Email"])
    counts = run_rows(rows, recorder, rejects, batch_size=3)
    rejects.close()
    assert (counts.read, counts.accepted, counts.rejected, counts.blank) == (8, 7, 1, 1)
    assert [len(b) for b in recorder.batches] == [3, 3, 1] and recorder.rejected == [5]
    with (tmp_path / "rejected.csv").open(encoding="utf-8-sig") as fh:
        table = list(csv.reader(fh))
    assert table[0] == ["line", "reasons", "Name", "Email"]
    assert table[1] == ["5", "email: 'x' is not valid", "A", "'=cmd()"]


@dataclass
class CleanLookalike:
    """A row of the right shape but not one of the framework's row types."""

    line: int
    values: dict[str, Any]
    warnings: tuple[str, ...] = ()


@pytest.mark.django_db
def test_it_tells_rows_apart_by_type_not_by_class_name(tmp_path):
    rejects = RejectWriter(tmp_path / "rejected.csv", ["Name"])
    with pytest.raises(TypeError, match="not a row outcome"):
        run_rows([CleanLookalike(2, {})], Recorder(), rejects)  # type: ignore[list-item]


def test_it_estimates_rows_for_progress(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("h\n1\n2\n3\n", encoding="utf-8")
    assert estimate_rows(path) == 3
