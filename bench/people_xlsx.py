"""Reading a people extract saved as .xlsx: openpyxl (as before) against python-calamine (now).

Usage::

    python -m bench.people_xlsx [--rows 200000]

The extract is ``bench/people_extract.py``'s messy synthetic membership list, written once
into ``bench/out/`` as .xlsx by openpyxl. Each reader runs in its own process, so that its
peak memory (``ru_maxrss``) is its own: "openpyxl" is the reading the people importer did
before (read-only mode, values only, each cell turned into text), kept here only to
compare; "calamine" is ``commonground.imports.readers.open_table(...).rows()`` as the
importer reads a sheet now. Only reading is timed (validating and writing are the same
for both). The load average is printed: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def _write(rows: int) -> Path:
    from openpyxl import Workbook

    from bench.people_extract import HEADERS, iter_rows

    path = OUT / f"people-{rows}.xlsx"
    if path.is_file():
        return path
    OUT.mkdir(exist_ok=True)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Members")
    sheet.append(HEADERS)
    for row in iter_rows(rows):
        sheet.append(row)
    book.save(path)
    return path


def _openpyxl(path: Path) -> int:
    """The reading as it was: openpyxl read-only, values only, each cell to text."""
    import openpyxl

    from commonground.imports.workbooks import cell_text

    with path.open("rb") as source:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True, keep_links=False)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        count = 0
        for values in sheet.iter_rows(min_row=2, values_only=True):
            cells = [cell_text(v) for v in values]
            count += bool(cells)
        book.close()
    return count


def _calamine(path: Path) -> int:
    from commonground.imports.readers import open_table

    return sum(1 for _line, _cells in open_table(path).rows())


def _child(method: str, path: Path) -> None:
    started = time.perf_counter()
    cpu = time.process_time()
    count = _openpyxl(path) if method == "openpyxl" else _calamine(path)
    result: dict[str, Any] = {
        "rows": count,
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(result))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--child", choices=("openpyxl", "calamine"))
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.file)
        return 0
    path = _write(args.rows)
    print(f"command: {sys.executable} -m bench.people_xlsx --rows {args.rows}")
    print(f"file: {path.name} ({path.stat().st_size / 1e6:.1f} MB)  cpus: {os.cpu_count()}")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    for method in ("openpyxl", "calamine"):
        command = [sys.executable, "-m", "bench.people_xlsx", "--child", method, "--file", path]
        out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        rate = result["rows"] / result["seconds"]
        print(
            f"{method:>9}: {result['seconds']:6.2f} s ({result['cpu']:.2f} s CPU), "
            f"{rate:,.0f} rows/s, peak {result['peak_mb']:.0f} MB, rows={result['rows']:,}"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
