"""What the place files share: their errors, rejected rows, summary and CSV reading."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commonground.imports.summary import Summary
from commonground.register.models import (
    CouncilKind,
)

BOUNDARY_NAME_MAP = {
    "Kingston upon Hull, City of": "E06000010",
    "Herefordshire, County of": "E06000019",
    "Bristol, City of": "E06000023",
}

COUNCIL_KINDS = {
    "UA": CouncilKind.UNITARY,
    "MD": CouncilKind.METROPOLITAN,
    "LBO": CouncilKind.LONDON_BOROUGH,
    "CTY": CouncilKind.COUNTY,
    "NMD": CouncilKind.DISTRICT,
}
# Rows of the mySociety list that are not councils with places of their own.
SKIP_TYPES = {"COMB", "CA", "SRA"}


def normalise_name(name: str) -> str:
    """A council name for matching: "Bristol, City of" and "bristol city of" are one key."""
    text = name.casefold().replace("&", " and ").replace("-", " ")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def split_alt_names(cell: str) -> list[str]:
    # Alternative names are separated by bare commas; a comma followed by a space is part
    # of a name ("Kingston upon Hull, City of").
    return [part.strip() for part in re.split(r",(?! )", cell) if part.strip()]


def to_float(text: str) -> float | None:
    """A finite number, or None ("", "n/a", "nan" and "inf" are all no number)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


# --- Reading the files: anything malformed is refused with a reason, never a traceback ---


class PlacesFileError(ValueError):
    """The file is not the list we expected; ``str(exc)`` says why (the commands print it)."""


@dataclass(frozen=True)
class PlaceRejection:
    """One row (or GeoJSON feature) skipped, with the field at fault and why."""

    line: int
    field: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "reason": self.reason}


def read_csv(path: Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """``(line, row)`` pairs of a UTF-8 CSV whose header has every ``required`` column.

    Short rows are padded with ""; cells beyond the header are dropped.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                raise PlacesFileError("the file is empty")
            missing = [c for c in required if c not in header]
            if missing:
                raise PlacesFileError(
                    f"the header has no {', '.join(repr(c) for c in missing)} column"
                    f"{'s' if len(missing) > 1 else ''}"
                )
            rows: list[tuple[int, dict[str, str]]] = []
            line = reader.line_num
            for cells in reader:
                padded = [*cells, *[""] * (len(header) - len(cells))]
                rows.append((line + 1, dict(zip(header, padded, strict=False))))
                line = reader.line_num
    except UnicodeDecodeError as exc:
        raise PlacesFileError(
            f"the file is not UTF-8 text (byte {exc.start + 1} cannot be read)"
        ) from exc
    except csv.Error as exc:
        raise PlacesFileError(f"the CSV cannot be read ({exc})") from exc
    except OSError as exc:
        raise PlacesFileError(f"cannot read the file: {exc.strerror or exc}") from exc
    return rows


@dataclass(kw_only=True)
class PlacesSummary(Summary):
    """The framework's summary, with the names no council matched and the rows refused."""

    unmatched: list[str] = field(default_factory=list)
    rejections: list[PlaceRejection] = field(default_factory=list)

    def reject(self, line: int, field_name: str, reason: str) -> None:
        self.rejected += 1
        self.rejections.append(PlaceRejection(line, field_name, reason))

    def as_dict(self) -> dict[str, Any]:
        out = super().as_dict()
        del out["unmatched"], out["rejections"]
        return {
            **out,
            "unmatched": len(self.unmatched),
            "unmatched_names": self.unmatched[:50],
            "rejected_rows": [r.as_dict() for r in self.rejections[:50]],
        }
