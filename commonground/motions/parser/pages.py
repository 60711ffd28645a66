"""Pages printed to PDF and pasted back as text: page breaks, running headers, columns."""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

from .calls import find_intros
from .lines import PAGE_NUMBER
from .markers import parse_marker
from .metadata import DECISION
from .titles import is_opener

# A form feed (pdftotext puts one between pages) becomes this line, so that a page
# break is still seen after the text is split into lines.
PAGE_BREAK: Final = "\f"
# Columns laid out with runs of spaces ("2025 Health Conference        Final Agenda").
COLUMN_GAP: Final = re.compile(r"\s{3,}|\t")


def split_lines(text: str) -> list[str]:
    """The text's lines, with a line holding only ``PAGE_BREAK`` at each form feed."""
    lines: list[str] = []
    for index, page in enumerate(text.split("\f")):
        if index:
            lines.append(PAGE_BREAK)
        lines.extend(page.splitlines())
    return lines


# Where a column's text starts after a gutter of three or more spaces.
_GUTTER = re.compile(r"(?<=\S)[ ]{3,}(?=\S)")
# At least this many lines must start their right-hand text at the same column.
_MIN_COLUMN_ROWS: Final = 3
# A right-hand line indented a little within its column (a bullet's hanging indent).
_HANGING_INDENT: Final = 4


def _right_starts(line: str) -> list[int]:
    return [m.end() for m in _GUTTER.finditer(line)]


def _fits(line: str, column: int) -> bool:
    """Whether a line keeps clear of the gutter: nothing written across ``column``."""
    return "\t" not in line and (len(line) <= column or line[column - 1] == " ")


def unfold_columns(lines: list[str]) -> list[str]:
    """Text laid out in two columns (``pdftotext -layout`` of a two-column agenda:
    "notes" on the left, "calls on" on the right, side by side) read as a reader
    would: the left column down to its end, then the right one.

    A column is found where at least three lines start text at the same position
    after a gutter of three or more spaces; the block runs from the first such line
    to the last line with text in the right column (and on to the end of the left
    column's paragraph), through blank lines and lines with text on one side only, and
    ends at a page break or a line written across the gutter. A header with a date far to the right ("Welsh Congress 2026      12
    May 2026") has its right-hand text elsewhere, so is left as it is."""
    starts = Counter(start for line in lines for start in set(_right_starts(line)))
    columns = sorted(c for c, n in starts.items() if n >= _MIN_COLUMN_ROWS and c >= 12)
    if not columns:
        return lines
    out = list(lines)
    for column in columns:
        out = _unfold_at(out, column)
    return out


def _unfold_at(lines: list[str], column: int) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        if column not in _right_starts(lines[i]) or not _fits(lines[i], column):
            out.append(lines[i])
            i += 1
            continue
        # The block: from this line while lines keep clear of the gutter.
        end = i
        last_right = i
        while end < len(lines) and lines[end] != PAGE_BREAK and _fits(lines[end], column):
            right = lines[end][column:]
            if right.strip() and len(right) - len(right.lstrip()) <= _HANGING_INDENT:
                last_right = end
            end += 1
        # The left column's paragraph may run on below the right column's last line.
        while last_right + 1 < end and lines[last_right + 1].strip():
            last_right += 1
        rows = lines[i : last_right + 1]
        if sum(column in _right_starts(row) for row in rows) < _MIN_COLUMN_ROWS:
            out.append(lines[i])
            i += 1
            continue
        out.extend(row[:column].rstrip() for row in rows)
        out.append("")
        out.extend(row[column:].rstrip() for row in rows)
        i = last_right + 1
    return out


def is_page_break(line: str) -> bool:
    return line == PAGE_BREAK or bool(PAGE_NUMBER.match(line))


def running_headers(lines: list[str]) -> frozenset[str]:
    """Lines repeated at page breaks: a document's running header or footer.

    A line counts when it occurs at least twice and one occurrence sits next to a page
    break (a form feed or a page number alone on its line, blank lines aside). A title
    repeated on a web page, with no page break near it, stays. Calls, openers and
    decisions never count: "Carried" may well close both an amendment and the motion.
    """
    counts = Counter(line for line in lines if line)
    repeated = {
        line
        for line, n in counts.items()
        if n >= 2
        and len(line.split()) >= 2
        and not is_page_break(line)
        and parse_marker(line) is None
        and not is_opener(line)
        and not DECISION.match(line)
        and not find_intros(line)
    }
    if not repeated:
        return frozenset()
    found: set[str] = set()
    filled = [(index, line) for index, line in enumerate(lines) if line]
    for position, (_, line) in enumerate(filled):
        if line not in repeated or line in found:
            continue
        near = filled[max(0, position - 2) : position] + filled[position + 1 : position + 3]
        if any(is_page_break(other) for _, other in near):
            found.add(line)
    return frozenset(found)
