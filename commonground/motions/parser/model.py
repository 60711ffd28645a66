"""What the parser gives: a motion's parts, its calls to action, the decisions it knows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final

DECISIONS: Final = ("carried", "carried as amended", "lost", "remitted", "withdrawn")

# A motion page is a few kilobytes; anything far larger is not a motion, and the
# cap keeps the worst case of the line-by-line scan bounded.
MAX_INPUT_CHARS: Final = 1_000_000


@dataclass(frozen=True)
class ParsedCall:
    number: int
    text: str
    addressee: str | None = None
    """Who the motion calls on for this call ("the National Executive Council"), as
    written; a motion may call on several."""


@dataclass
class ParsedMotion:
    title: str | None = None
    conference: str | None = None
    date: dt.date | None = None
    decision: str | None = None
    calls_on: str | None = None
    calls: list[ParsedCall] = field(default_factory=list)
    body: str = ""
    warnings: list[str] = field(default_factory=list)
    # Not part of the JSON contract, but worth keeping: the year is known even
    # when the date is not ("June 2023", "2024 Community Conference").
    year: int | None = None
    submitted_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``import-motion --json`` contract, exactly these keys."""
        return {
            "title": self.title,
            "conference": self.conference,
            "date": self.date.isoformat() if self.date else None,
            "decision": self.decision,
            "calls_on": self.calls_on,
            "calls": [
                {"number": c.number, "text": c.text, "addressee": c.addressee} for c in self.calls
            ],
        }
