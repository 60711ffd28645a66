"""The .ods workbook read by forked workers (``lib/forked.py``) while the importer compares.

The real rows' workbook (``test_workbook``) is one slice at the usual slice size; here the
slices are made small so that the sheet is cut into many and handed to the workers, as
CQC's 56,000-row workbook is.
"""

from __future__ import annotations

import os
import resource
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError

from commonground.imports import ods, workbooks
from commonground.imports.models import ImportRun, RunStatus
from commonground.lib.forked import fork_available
from commonground.register.models import Location
from commonground.register.readers import reading
from commonground.register.tests.test_workbook import _ods, _run

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not fork_available(), reason="no fork on this platform"),
]

SMALL = 20_000  # bytes of XML a slice: a dozen rows of CQC's 130 columns


def _register() -> list[dict[str, Any]]:
    """Every location as imported, but for ids and timestamps."""
    rows = Location.objects.order_by("cqc_id").values()
    return [{k: v for k, v in row.items() if k not in {"id", "created", "updated"}} for row in rows]


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def test_workers_import_what_one_process_imports(
    region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _ods(tmp_path)
    monkeypatch.setattr(ods, "SLICE_BYTES", SMALL)
    assert len(list(ods.slices(str(book)))) > 20

    before = _children_cpu()
    parallel = _run(str(book))
    assert _children_cpu() > before, "the slices were read in worker processes"
    register = _register()
    again = _run(str(book))
    assert (again["created"], again["updated"]) == (0, 0)
    assert again["unchanged"] == parallel["created"] > 0

    Location.objects.all().delete()
    monkeypatch.setattr(reading, "default_workers", lambda: 1)
    single = _run(str(book))
    counts = ("read", "created", "updated", "unchanged", "skipped", "rejected")
    assert {k: single[k] for k in counts} == {k: parallel[k] for k in counts}
    assert single["skipped_reasons"] == parallel["skipped_reasons"]
    assert _register() == register


def _damaged(book: Path, tmp_path: Path) -> Path:
    """The workbook with one number cell near the end of its data sheet unreadable (as a
    damaged download is): the header and the first slices read, a later one does not."""
    with zipfile.ZipFile(book) as archive:
        content = archive.read("content.xml")
    sheet = content.index(b'table:name="HSCA_Active_Locations"')
    number = b'office:value-type="float" office:value="'
    at = content.rindex(number, sheet, content.index(b"</table:table>", sheet)) + len(number)
    content = content[:at] + b"not a number" + content[content.index(b'"', at) :]
    path = tmp_path / book.name
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = content if info.filename == "content.xml" else source.read(info)
            target.writestr(info, data)
    return path


def test_a_workbook_a_worker_cannot_read_fails_clearly_and_writes_nothing(
    region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ods, "SLICE_BYTES", SMALL)
    book = _damaged(_ods(tmp_path), tmp_path)
    with pytest.raises(CommandError, match=r"could not be read to the end: .*cannot be read"):
        _run(str(book))
    assert not Location.objects.exists()
    run = ImportRun.objects.get(kind="register")
    assert run.status == RunStatus.FAILED
    assert "could not be read to the end" in run.error


def test_a_worker_that_dies_fails_the_import_clearly_and_writes_nothing(
    region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _ods(tmp_path)
    monkeypatch.setattr(ods, "SLICE_BYTES", SMALL)
    parent = os.getpid()

    def killed(piece: ods.Slice) -> Any:
        if os.getpid() != parent:
            os._exit(9)  # as the kernel's out-of-memory killer would end it
        return workbooks.slice_rows(piece)

    monkeypatch.setattr(reading, "slice_rows", killed)
    with pytest.raises(CommandError, match="a worker process stopped"):
        _run(str(book))
    assert not Location.objects.exists()
    assert ImportRun.objects.get(kind="register").status == RunStatus.FAILED
