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
