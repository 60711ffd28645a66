"""What the engine takes and gives: register candidates, records, scored candidates, results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from .matcher import Matcher
    from .state import CandidateRow

Decision = Literal["auto", "review", "none"]
NameSource = Literal["current", "previous", "alias", "provider", "postcode"]
PostcodeLevel = Literal["full", "sector", "district", "area", "none"]


@dataclass(frozen=True)
class Candidate:
    """A register location as the matcher sees it."""

    location_id: str
    name: str
    previous_names: tuple[str, ...]
    provider_id: str | None
    provider_name: str | None
    postcode: str | None
    town: str | None
    council_code: str | None
    aliases: tuple[str, ...] = ()
    """Texts a person confirmed earlier as meaning this location."""
    service_types: tuple[str, ...] = ()
    """The register's service types ("care_home_nursing", "care_home", "home_care"...)."""
    registered_on: str = ""
    """When this registration began (ISO date), if known: of several registrations of one
    home, the latest is the current one."""
    current_id: str | None = None
    """The current registration of this home's succession chain (a ``location_id``),
    when it is another: what ``register.succession`` says (``current_registrations``
    for the database, ``follow_successions`` for a register file)."""
    council_name: str | None = None
    """The council the location is in ("Cheshire East"): a place members add to a name."""


@dataclass
class Query:
    """One member or contact record to link."""

    id: str
    employer: str
    workplace: str
    postcode: str
    job_title: str = ""


_SOURCE_LABEL = {
    "current": "name",
    "previous": "previous name",
    "alias": "confirmed alias",
    "provider": "provider name",
}


class Scored(NamedTuple):
    """One candidate for a record, with the evidence a reviewer needs.

    A named tuple rather than a dataclass: millions are made in a bench run, and they
    are shared between identical records, so they must be cheap and immutable.
    """

    location_id: str | None
    provider_id: str | None
    name: str
    """The register name of the location (or of the provider, for a provider link)."""
    score: float
    name_matched: NameSource
    """Which register text matched: current, previous, alias or provider name."""
    matched_text: str
    name_score: float
    postcode_level: PostcodeLevel
    town_agrees: bool = False
    provider_agrees: bool = False

    @property
    def reasons(self) -> list[str]:
        """Plain-language evidence for a reviewer, built on demand."""
        out: list[str] = []
        if self.name_matched == "postcode":
            out.append("found by postcode only; the text does not match its name")
        else:
            label = _SOURCE_LABEL[self.name_matched]
            out.append(f"{label} '{self.matched_text}' matches {self.name_score:.0f}%")
        if self.postcode_level != "none":
            out.append(f"postcode agrees ({self.postcode_level})")
        if self.town_agrees:
            out.append("town agrees")
        if self.provider_agrees:
            out.append("provider named")
        return out


@dataclass(slots=True)
class Match:
    """The outcome for one record.

    ``location_id`` and ``provider_id`` are set only when ``decision`` is ``auto`` (a
    provider-only link has ``location_id`` None); for ``review`` the suggestions are in
    ``candidates``, best first.
    """

    query_id: str
    location_id: str | None
    provider_id: str | None
    score: float
    decision: Decision
    evidence: Sequence[Scored] | LazyCandidates
    """The candidates, or what makes them when :attr:`candidates` is first read."""
    reason: str = ""

    @property
    def candidates(self) -> list[Scored]:
        """The leading candidates (up to five) with their evidence, best first."""
        ev = self.evidence
        return ev.get() if isinstance(ev, LazyCandidates) else list(ev)


class LazyCandidates:
    """A result's leading candidates, made into :class:`Scored` rows only when read.

    Most records are linked, or not, without anyone reading the evidence (``match``
    writes a decision; ``link`` keeps candidates only for the review queue), and making
    the rows was a sixth of the matching time. Shared by every record with the same
    result, so they are made at most once.
    """

    __slots__ = ("_head", "_made", "_matcher", "_rows")

    def __init__(
        self, matcher: Matcher, rows: list[CandidateRow], head: tuple[Scored, ...] = ()
    ) -> None:
        self._matcher: Matcher | None = matcher
        self._rows = rows
        self._head = head
        self._made: list[Scored] | None = None

    def get(self) -> list[Scored]:
        if self._made is None:
            assert self._matcher is not None
            scored = self._matcher.scored_row
            made = [*self._head, *(scored(*r) for r in self._rows[: 5 - len(self._head)])]
            self._made, self._matcher, self._rows = made, None, []
        return list(self._made)
