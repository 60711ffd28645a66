"""Finding a register file's header row among its first rows, by the columns it names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import HEADER_SEARCH_ROWS


@dataclass
class Header:
    format: str
    cells: list[str]
    preamble: list[list[str]]  # the rows above the header (titles, "produced on ...")
    row: int = 0  # its position among the rows searched, from 1


def find_header(rows: Iterable[list[str]], formats: Sequence[str]) -> Header | None:
    """The first row, among the first few, that is a header of one of ``formats``."""
    preamble: list[list[str]] = []
    for index, row in enumerate(rows):
        if index >= HEADER_SEARCH_ROWS:
            break
        names = {column_key(cell) for cell in row}
        if "hsca" in formats and {"location id", "location name"} <= names:
            return Header("hsca", row, preamble, index + 1)
        if "directory" in formats and "name" in names and any(map(is_directory_id, names)):
            return Header("directory", row, preamble, index + 1)
        preamble.append(row)
    return None


def widest_row(rows: Iterable[Sequence[str]]) -> list[str]:
    """The row with most non-blank cells: the best guess at what the header was."""
    widest: list[str] = []
    for index, row in enumerate(rows):
        if index >= HEADER_SEARCH_ROWS:
            break
        cells = [cell.strip() for cell in row if cell.strip()]
        if len(cells) > len(widest):
            widest = cells
    return widest


def column_key(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).casefold()


def is_directory_id(key: str) -> bool:
    # CQC has spelt it "CQC Location ID (for office use only)" and, in older files,
    # "CQC Location (for office use only" (sic).
    return key.startswith("cqc location") and "office use" in key


def is_directory_provider_id(key: str) -> bool:
    return key.startswith("cqc provider") and "office use" in key
