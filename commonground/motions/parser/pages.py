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
# A column starts this far in or more: a list's indentation is not a column.
_MIN_COLUMN: Final = 12
_MAX_LAYOUTS: Final = 4
# A right-hand line indented a little within its column (a bullet's hanging indent).
_HANGING_INDENT: Final = 4


def _right_starts(line: str) -> frozenset[int]:
    return frozenset(m.end() for m in _GUTTER.finditer(line)) if "   " in line else frozenset()


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
    ends at a page break or a line written across the gutter. A header with a date far
    to the right ("Welsh Congress 2026      12 May 2026") has its right-hand text
    elsewhere, so is left as it is."""
    starts = [_right_starts(line) for line in lines]
    where: dict[int, list[int]] = {}
    for index, found in enumerate(starts):
        for start in found:
            where.setdefault(start, []).append(index)
    # Columns left to right; the rows of a later column are found again after an unfold
    # moved them (each unfold adds one line, so indexes after it shift by one).
    candidates = [c for c, rows in where.items() if len(rows) >= _MIN_COLUMN_ROWS]
    candidates = [c for c in candidates if c >= _MIN_COLUMN]
    # A document has one or two column layouts; the commonest few gutters bound the work
    # on text that merely has many runs of spaces.
    candidates.sort(key=lambda c: -len(where[c]))
    for column in sorted(candidates[:_MAX_LAYOUTS]):
        positions = [k for k, found in enumerate(starts) if column in found]
        blocks = _blocks_at(lines, starts, column, positions)
        if not blocks:
            continue
        new_lines: list[str] = []
        new_starts: list[frozenset[int]] = []
        done = 0
        for first, last in blocks:
            new_lines += lines[done:first]
            new_starts += starts[done:first]
            rows = lines[first : last + 1]
            unfolded = [row[:column].rstrip() for row in rows]
            unfolded += ["", *(row[column:].rstrip() for row in rows)]
            new_lines += unfolded
            new_starts += [_right_starts(line) for line in unfolded]
            done = last + 1
        lines = new_lines + lines[done:]
        starts = new_starts + starts[done:]
    return lines


def _blocks_at(
    lines: list[str], starts: list[frozenset[int]], column: int, positions: list[int]
) -> list[tuple[int, int]]:
    """The (first, last) lines of each two-column block whose right column starts at
    ``column``; ``positions`` are the lines with text starting there after a gutter."""
    blocks: list[tuple[int, int]] = []
    covered = -1
    for i in positions:
        if i <= covered or not _fits(lines[i], column):
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
        covered = last_right
        if sum(column in found for found in starts[i : last_right + 1]) >= _MIN_COLUMN_ROWS:
            blocks.append((i, last_right))
    return blocks


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
