"""Read a conference motion pasted, or saved as text, from a union web page.

Pure Python (no Django) so the importer, the ``import-motion`` command and the
property tests all share one implementation.

The pages this is written against (UNISON national, health, local government and
community conference motions) come in a few shapes::

    UK Conference Review                  <- title
    Back to all Motions                   <- navigation
    Conference                            <- label on its own line ...
    2011 Health Care Service Group Conference
    Date                                  <- ... or "Date: 29 November 2010"
    29 November 2010
    Decision
    Carried

or without labels at all ("2017 Community Service Group Conference", then
"9 November 2016", then "Carried as Amended").  The calls to action follow a line
such as "Conference calls on the Service Group Executive to:" and are numbered
"1.", "1)", "1.Build", "(1)", "a)", "i)" or bulleted; older pages run them inline
("... to: 1)work with ... 2)produce ...").

The rule throughout: what is missing stays missing (``None`` plus a warning).
Nothing is guessed: a date without a day is not a date, an unknown decision is
not "carried".
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = [
    "DECISIONS",
    "MAX_INPUT_CHARS",
    "Call",
    "ParsedMotion",
    "decode_motion_bytes",
    "parse_motion",
]

DECISIONS: Final = ("carried", "carried as amended", "lost", "remitted", "withdrawn")

# A motion page is a few kilobytes; anything far larger is not a motion, and the
# cap keeps the worst case of the line-by-line scan bounded.
MAX_INPUT_CHARS: Final = 1_000_000


@dataclass(frozen=True)
class Call:
    number: int
    text: str


@dataclass
class ParsedMotion:
    title: str | None = None
    conference: str | None = None
    date: dt.date | None = None
    decision: str | None = None
    calls_on: str | None = None
    calls: list[Call] = field(default_factory=list)
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
            "calls": [{"number": c.number, "text": c.text} for c in self.calls],
        }


def decode_motion_bytes(data: bytes) -> str:
    """Decode an uploaded file: UTF-8 (with or without BOM), UTF-16 with BOM,
    else Windows-1252, which is what "Save as text" produces on older Windows."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_motion(text: str) -> ParsedMotion:
    """Parse the text of one motion page.  Never raises on any ``str``."""
    return _Parser(text).run()


# --------------------------------------------------------------------------
# Line clean-up and page furniture

_DROP_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cn", "Co", "Cs"})


def _clean_line(raw: str) -> str:
    kept = "".join(
        ch for ch in raw if ch == "\t" or unicodedata.category(ch) not in _DROP_CATEGORIES
    )
    return " ".join(kept.split())


def _key(line: str) -> str:
    """Lower-case words only: "« Back to all Motions" -> "back to all motions"."""
    return " ".join(re.sub(r"[\W_]+", " ", line.casefold()).split())


def _phrases(*groups: str) -> frozenset[str]:
    return frozenset(phrase for group in groups for phrase in group.split("|"))


_BACK_LINKS: Final = _phrases(
    "back to all motions|back to motions|back to all policy motions|back to policy motions",
    "back to conference motions",
)
_NOISE: Final = _BACK_LINKS | _phrases(
    "back|back to top|top|next|previous|related|related motions|close|ok|got it",
    "share|share this|share this page|share this motion|share by email|share via email",
    "share on facebook|share on twitter|share on x|share on linkedin|share on whatsapp",
    "facebook|twitter|x|linkedin|whatsapp|email|tweet|copy link",
    "print|print this page|print page|print this motion",
    "skip to main content|skip to content|menu|search|home|log in|login|my unison",
    "join|join unison|join us|unison|unison national|unison the public service union",
    "conference motions|policy motions|motions",
    "accept|reject|accept all|reject all|accept all cookies|reject all cookies",
    "manage cookies|cookie settings|cookie preferences|use essential cookies only",
    "set cookie preferences",
)
_COOKIE_WORDS: Final = _phrases(
    "we use|accept|consent|preferences|settings|browsing|this site|our site|website|essential"
)
_BREADCRUMB = re.compile(r"^(?:you are here:?\s*)?home\s*(?:[>/»›|]|\s-\s)", re.I)
_PAGE_OF = re.compile(r"^page [0-9]+ of [0-9]+$", re.I)


def _is_noise(line: str) -> bool:
    if _parse_marker(line) is not None:
        return False  # "· x" is a call, not the X share link
    if _key(line) in _NOISE:
        return True
    low = line.casefold()
    if "cookie" in low and len(line) < 600 and any(w in low for w in _COOKIE_WORDS):
        return True
    return bool(_BREADCRUMB.match(line) or _PAGE_OF.match(line))


# --------------------------------------------------------------------------
# Metadata: labels, decisions, dates, conference lines

_LABELS: Final = {
    label: kind
    for kind, labels in (
        ("conference", "conference|conference name|event"),
        ("date", "date|conference date|motion date|date of conference|date debated|debated"),
        ("date", "debated on"),
        ("decision", "decision|status|outcome|result|conference decision|motion status"),
        ("submitted_by", "submitted by|submitted|moved by|proposed by|from"),
        ("title", "title|motion title|motion|subject"),
        ("year", "year|conference year"),
        # Recognised so they stay out of the body, but not kept.
        ("ignore", "seconded by|category|categories|tags|type|motion type|motion number"),
        ("ignore", "number|service group|sector|topic|topics|region|reference|ref|policy area"),
    )
    for label in labels.split("|")
}
# Once the motion text has started, only these labels are read as metadata:
# "Result: members won back pay" in a preamble is prose.
_BODY_LABELS: Final = _phrases(
    "conference|date|decision|status|submitted by|moved by|proposed by|seconded by"
)
# Labels that may sit alone on a line with the value on the next line.
_LABELS_ALONE: Final = _phrases(
    "conference|date|decision|status|outcome|result|submitted by|moved by|title|motion title",
    "year|seconded by",
)
_LABEL_LINE = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(?P<value>.*)$")
_SUBMITTED = re.compile(r"^(?:submitted|moved|proposed)\s+by\b\s*:?\s*(?P<value>.+)$", re.I)
_SECONDED = re.compile(r"^seconded\s+by\b", re.I)
_MOTION_LABEL = re.compile(
    r"^(?:emergency\s+)?(?:motion|composite)\s*(?:no\.?\s*)?[0-9A-Z]{1,4}\s*$", re.I
)
_NUMBER_ONLY = re.compile(r"^(?:no\.?\s*)?[0-9]{1,4}[A-Za-z]?$", re.I)

_DECISION = re.compile(
    r"""^(?:decision\s*[:\-–]?\s*)?(?:(?:this\s+)?motion\s+(?:was\s+)?)?(?:was\s+)?
    (?P<d>carried\s*\(?\s*as\s+amended\s*\)?|carried\s+with\s+amendments?|amended\s+and\s+carried
    |carried|agreed|passed|adopted|accepted|lost|defeated|not\s+carried|rejected|remitted
    |withdrawn|fell|falls|not\s+reached|not\s+debated|not\s+moved|referred(?:\s+back)?
    |ruled\s+out\s+of\s+order)\b""",
    re.I | re.X,
)
_DECISION_TAIL = re.compile(r"\s*(?:\([^)]*\))?\s*[.!]?\s*")


def _decision_of(phrase: str) -> str | None:
    words = " ".join(re.sub(r"[()]", " ", phrase.casefold()).split())
    if "amend" in words:
        return "carried as amended"
    if words in {"carried", "agreed", "passed", "adopted", "accepted"}:
        return "carried"
    if words in {"lost", "defeated", "not carried", "rejected"}:
        return "lost"
    if words in {"remitted", "withdrawn"}:
        return words
    return None  # fell, not reached, referred...: real outcomes, not ours to map


_MONTH_NAMES: Final = (
    "january february march april may june july august september october november december"
)
_MONTHS: Final = {
    name: number
    for number, month in enumerate(_MONTH_NAMES.split(), start=1)
    for name in (month, month[:3])
} | {"sept": 9}
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_DMY = re.compile(
    rf"{_WEEKDAY}(?P<d>[0-9]{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m>[a-z]{{3,9}})\.?,?\s+(?P<y>[0-9]{{4}})",
    re.I,
)
_MDY = re.compile(
    rf"{_WEEKDAY}(?P<m>[a-z]{{3,9}})\.?\s+(?P<d>[0-9]{{1,2}}){_ORD},?\s+(?P<y>[0-9]{{4}})", re.I
)
_ISO = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})(?:T[0-9:.]+(?:Z|[+\-][0-9:]+)?)?"
)
# Numeric dates are read day-first: these are UK pages.
_NUMERIC = re.compile(
    r"(?P<d>[0-9]{1,2})(?P<sep>[/.\-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})"
)
_RANGE = re.compile(
    rf"{_WEEKDAY}[0-9]{{1,2}}{_ORD}(?:\s+[a-z]{{3,9}})?\s*(?:-|–|—|to|and|&)\s*"
    rf"{_WEEKDAY}[0-9]{{1,2}}{_ORD}\s+(?:of\s+)?(?P<m>[a-z]{{3,9}})\.?,?\s+(?P<y>[0-9]{{4}})",
    re.I,
)
_MONTH_YEAR = re.compile(r"(?P<m>[a-z]{3,9})\.?,?\s+(?P<y>[0-9]{4})", re.I)
_YEAR = re.compile(r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})(?![0-9])")


@dataclass(frozen=True)
class _DateResult:
    value: dt.date | None
    year: int | None
    problem: str | None


def _year_ok(y: int) -> bool:
    return 1900 <= y <= 2100


def _make_date(y: int, m: int, d: int, raw: str) -> _DateResult:
    if y < 100:
        y += 2000
    if not _year_ok(y):
        return _DateResult(None, None, f"date {raw!r} is not a plausible date; left empty")
    try:
        return _DateResult(dt.date(y, m, d), y, None)
    except ValueError:
        return _DateResult(None, y, f"date {raw!r} is not a valid date; left empty")


def _exact_date(m: re.Match[str], raw: str) -> _DateResult | None:
    month_word = m.group("m")
    month = int(month_word) if month_word.isdigit() else _MONTHS.get(month_word.casefold())
    if month is None:
        return None
    return _make_date(int(m.group("y")), month, int(m.group("d")), raw)


def _parse_date(raw: str, *, strict: bool) -> _DateResult | None:
    """``strict``: the whole value must be a date (unlabelled header lines).
    Otherwise a date is looked for inside a labelled value.  Returns None when
    nothing date-like is there at all."""
    value = raw.strip().rstrip(".").strip()
    for pattern in (_ISO, _NUMERIC, _DMY, _MDY):
        m = pattern.fullmatch(value)
        if m and (found := _exact_date(m, raw)) is not None:
            return found
    m = _RANGE.fullmatch(value) if strict else _RANGE.search(value)
    if m and m.group("m").casefold() in _MONTHS:
        year = int(m.group("y"))
        return _DateResult(
            None,
            year if _year_ok(year) else None,
            f"date {raw!r} is a range, not one day; left empty",
        )
    if not strict:
        found_dates: list[_DateResult] = []
        for pattern in (_ISO, _NUMERIC, _DMY, _MDY):
            for m in pattern.finditer(value):
                result = _exact_date(m, raw)
                if result is not None and result.value is not None:
                    found_dates.append(result)
        distinct = {r.value for r in found_dates}
        if len(distinct) == 1:
            return found_dates[0]
        if len(distinct) > 1:
            return _DateResult(None, None, f"date {raw!r} holds several dates; left empty")
    m = _MONTH_YEAR.fullmatch(value) if strict else _MONTH_YEAR.search(value)
    if m and m.group("m").casefold() in _MONTHS:
        year = int(m.group("y"))
        if _year_ok(year):
            return _DateResult(None, year, f"date {raw!r} has no day; left empty (year {year})")
    if not strict:
        y = _YEAR.search(value)
        if y:
            year = int(y.group("y"))
            return _DateResult(None, year, f"date {raw!r} has no day; left empty (year {year})")
        return _DateResult(None, None, f"date {raw!r} not recognised; left empty")
    return None


_CONFERENCE_LINE = re.compile(
    r"""^(?:unison\s+)?(?:(?P<y1>(?:19|20)[0-9]{2})(?:/[0-9]{2,4})?\s+)?
    (?:[\w’'&.\-]+\s+){0,10}?conference
    (?:\s+(?P<y2>(?:19|20)[0-9]{2}))?
    (?:\s*[,–—\-]\s*[\w’'&.\- ]{1,60})?$""",
    re.I | re.X,
)

# --------------------------------------------------------------------------
# Titles and paragraph openers

_AMENDMENT_HEADING = re.compile(
    r"^(?:proposed\s+)?amendments?(?:\s*(?:\([0-9]+\)|[:.\-–—].*)?|\s+(?:no\.?\s*)?[0-9]{1,3}(?:\.[0-9]{1,2})*\b.*)$",
    re.I,
)
_TITLE_PREFIX = re.compile(
    r"^(?:emergency\s+)?(?:motion|composite)\s*(?:no\.?\s*)?[0-9A-Z]{1,3}\s*[:.\-–—]\s+(?=\S)", re.I
)
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+UNISON\b.*$", re.I)
# "Conference notes ...", "Health Conference therefore calls ...", "CONFERENCE BELIEVES":
# capitalised words, then "conference", then a lower-case or shouted word.
_OPENER = re.compile(
    r"^(?:(?:[A-Z][\w’'&-]*|the|of|and)\s+){0,5}?(?:Conference|CONFERENCE|conference)\b,?\s*(?P<next>\S+)?"
)
_WE_OPENER = re.compile(r"^(?:We\s+[a-z]|WE\s+[A-Z])")


def _is_opener(line: str) -> bool:
    m = _OPENER.match(line)
    if m and m.group("next"):
        nxt = m.group("next")
        return nxt[0].islower() or (nxt.isupper() and len(nxt) > 1) or nxt[0] in "(,"
    return bool(_WE_OPENER.match(line))


def _clean_title(line: str) -> str:
    title = _TITLE_SUFFIX.sub("", _TITLE_PREFIX.sub("", line)).strip()
    return title.strip("\"“”'‘’ ") or title


def _is_title_like(line: str) -> bool:
    return (
        len(line) <= 160
        and len(line.split()) <= 22
        and line[-1] not in ".:;,"
        and any(ch.isalpha() for ch in line)
        and _parse_marker(line) is None
        and not _is_opener(line)
        and not _AMENDMENT_HEADING.match(line)
        and not _find_intros(line)
    )


# --------------------------------------------------------------------------
# List markers

_ROMAN: Final = {
    numeral: value
    for value, numeral in enumerate(
        [
            "i",
            "ii",
            "iii",
            "iv",
            "v",
            "vi",
            "vii",
            "viii",
            "ix",
            "x",
            "xi",
            "xii",
            "xiii",
            "xiv",
            "xv",
            "xvi",
            "xvii",
            "xviii",
            "xix",
            "xx",
        ],
        start=1,
    )
}
_BULLETS = "·•\\-*–—▪◦●‣∙■□➢►✓✔"
_MARKER = re.compile(
    rf"""^(?:
      (?P<sub>[0-9]{{1,2}}\.[0-9]{{1,2}})\.?\s+        # 2.1 sub-point
    | \((?P<pn>[0-9]{{1,2}})\)\s*                      # (1)
    | (?P<n>[0-9]{{1,2}})(?:\.\)|[.)])(?![0-9])\s*     # 1.  1)  1.Build
    | \((?P<pa>[a-zA-Z]{{1,5}})\)\s*                   # (a) (iv)
    | (?P<a>[a-z]{{1,5}})[.)]\s+                       # a) a. iv)
    | (?P<ua>[A-Z]{{1,5}})\)\s+                        # A) IV)
    | (?P<b>[{_BULLETS}])\s*                           # bullets
    )(?P<text>.*)$""",
    re.X,
)


@dataclass(frozen=True)
class _Marker:
    kind: str  # "num", "sub", "alpha", "roman", "alpha_or_roman", "bullet"
    token: str
    text: str

    def value_as(self, style: str) -> int | None:
        if self.kind in ("num", "sub"):
            return int(self.token.split(".")[0])
        if style == "roman":
            return _ROMAN.get(self.token)
        if style == "alpha":
            return ord(self.token) - ord("a") + 1
        return None


def _parse_marker(line: str) -> _Marker | None:
    m = _MARKER.match(line)
    if m is None:
        return None
    text = m.group("text").strip()
    if m.group("sub"):
        return _Marker("sub", m.group("sub"), text)
    if m.group("n") or m.group("pn"):
        return _Marker("num", m.group("n") or m.group("pn"), text)
    if m.group("b"):
        return _Marker("bullet", m.group("b"), text) if text else None
    token = (m.group("a") or m.group("pa") or m.group("ua") or "").casefold()
    if len(token) == 1:
        kind = "alpha_or_roman" if token in "ivx" else "alpha"
        return _Marker(kind, token, text)
    if token in _ROMAN:
        return _Marker("roman", token, text)
    return None  # "Mr.", "etc." and the like


# --------------------------------------------------------------------------
# Calls to action

_VERB = re.compile(
    r"\b(?:(?P<on>calls?\s+(?:up)?on)|(?P<for>calls?\s+for)"
    r"|(?P<instr>instructs?|asks?|requests?|urges?|directs?|mandates?|tasks?|invites?)"
    r"|(?P<res>resolves?|agrees?))\b",
    re.I,
)
_ADVERBS = (
    r"(?:therefore|further|also|now|hereby|accordingly|thus|finally|additionally|furthermore"
    r"|then|so|urgently|in\s+particular|once\s+again|again|specifically)"
)
# Who is calling must be the conference ("Conference therefore calls on", "we call
# upon", "... and calls on"): "the TUC calls on the government to" in a preamble
# is not one of ours, and "Motion 39 called on" is history.
_SUBJECT_TAIL = re.compile(
    rf"(?:\b(?P<subj>conference|we)|\b(?P<and>and))\s*,?\s*(?:{_ADVERBS}\s*,?\s*)*$", re.I
)
_SUBJECT_ANY = re.compile(r"\b(?:conference|we)\b", re.I)
_BODY_TO = re.compile(r"\s+(?P<body>[^.:;!?]{1,200}?)\s+to\b", re.I)
# "Conference asks why the employer refuses to ..." asks nobody to do anything.
_NOT_A_BODY = re.compile(r"(?:why|how|what|whether|that|if|when|where|who|for)\b", re.I)
_LIST_ONLY = re.compile(r"(?:\s+(?:to|that))?\s*[:\-–—]*\s*$", re.I)
_PUNCT_ONLY = re.compile(r"[\s:;,\-–—.]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_INLINE_ENUM = re.compile(
    r"(?:\((?P<pn>[0-9]{1,2})\)|(?P<n>[0-9]{1,2})[.)](?![0-9])|\((?P<pa>[a-z])\)|(?P<a>[a-z])\))\s*"
)
_MAX_VERBS_PER_SENTENCE: Final = 20


@dataclass(frozen=True)
class _Intro:
    kind: str  # "list": items follow on later lines; "items": given inline
    body: str | None
    items: tuple[tuple[int | None, str], ...] = ()


def _clean_body(raw: str) -> str | None:
    body = " ".join(raw.split()).strip(" ,–—-")
    return body or None


def _sentences(line: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END.finditer(line):
        out.append((start, line[start : m.start()]))
        start = m.end()
    out.append((start, line[start:]))
    return out


def _find_intro(sentence: str) -> tuple[str | None, int] | None:
    """The body called on and where the rest of the sentence starts."""
    for count, m in enumerate(_VERB.finditer(sentence)):
        if count >= _MAX_VERBS_PER_SENTENCE:
            break
        kind = m.lastgroup
        body: str | None = None
        rest_at = m.end()
        if kind in ("on", "instr"):
            bm = _BODY_TO.match(sentence, m.end())
            if bm is None or _NOT_A_BODY.match(bm.group("body")):
                continue
            body = _clean_body(bm.group("body"))
            rest_at = bm.end()
        elif kind == "res" and not _LIST_ONLY.fullmatch(sentence, m.end()):
            continue  # "Conference agrees that ..." is not a list of calls
        prefix = sentence[: m.start()]
        tail = _SUBJECT_TAIL.search(prefix[-160:])
        by_conference = tail is not None and (
            tail.group("subj") is not None or _SUBJECT_ANY.search(prefix) is not None
        )
        # A bare heading such as "Calls on the NEC to:" also counts.
        bare_heading = not prefix.strip(" \"“‘'(") and _PUNCT_ONLY.fullmatch(sentence, rest_at)
        if by_conference or bare_heading:
            return body, rest_at
    return None


def _split_inline(text: str) -> tuple[tuple[int | None, str], ...]:
    """ "1)work with X 2)produce Y" -> ((1, "work with X"), (2, "produce Y")).
    Only runs that start at the beginning and count up by one are taken, so a
    "rose by 5. The" in the middle of a sentence is not an item."""
    first = _INLINE_ENUM.match(text)
    if first is None:
        return ()

    def value(m: re.Match[str]) -> tuple[str, int]:
        if m.group("n") or m.group("pn"):
            return "num", int(m.group("n") or m.group("pn"))
        return "alpha", ord(m.group("a") or m.group("pa")) - ord("a") + 1

    kind, expected = value(first)
    cuts = [(first.start(), first.end(), expected)]
    for m in _INLINE_ENUM.finditer(text, first.end()):
        if m.start() > 0 and text[m.start() - 1] not in " \t;:,":
            continue
        k, v = value(m)
        if k == kind and v == expected + 1:
            cuts.append((m.start(), m.end(), v))
            expected = v
    items = []
    for index, (_, end, number) in enumerate(cuts):
        stop = cuts[index + 1][0] if index + 1 < len(cuts) else len(text)
        items.append((number, text[end:stop]))
    return tuple(items)


def _find_intros(line: str) -> list[_Intro]:
    """Every call-to-action introduction in one line, in order."""
    found: list[_Intro] = []
    sentences = _sentences(line)
    for index, (start, sentence) in enumerate(sentences):
        hit = _find_intro(sentence)
        if hit is None:
            continue
        body, rest_at = hit
        rest = sentence[rest_at:]
        last = index == len(sentences) - 1
        if last and (_PUNCT_ONLY.fullmatch(rest) or sentence.rstrip().endswith(":")):
            # "... to:" (or "... to work with the NEC to:"): the calls follow.
            found.append(_Intro("list", body))
            break
        items = _split_inline(line[start + rest_at :].lstrip(" :;-–—"))
        if items:
            found.append(_Intro("items", body, items))
            break
        text = rest.lstrip(" :;-–—")
        if text:
            found.append(_Intro("items", body, ((None, text),)))
    return found


_TRAILING_JOINER = re.compile(r"(?:\s*[;,]\s*(?:and|or)|\s*[;,.]|\s+(?:and|or))\s*$", re.I)


def _clean_call_text(raw: str) -> str:
    text = " ".join(raw.split())
    while True:
        shorter = _TRAILING_JOINER.sub("", text).strip()
        if shorter == text:
            return text
        text = shorter


@dataclass
class _Item:
    number: int | None
    parts: list[str]


@dataclass
class _Block:
    body: str | None
    style: str | None = None  # "num", "alpha", "roman", "bullet" or "plain"
    items: list[_Item] = field(default_factory=list)
    awaiting_text: bool = False  # a "4." alone on its line; its text is next

    def resolve(self, marker: _Marker) -> str:
        if marker.kind == "alpha_or_roman":
            if self.style in ("alpha", "roman"):
                return self.style
            return "roman" if marker.token == "i" else "alpha"
        return marker.kind

    def add(self, number: int | None, text: str) -> None:
        self.items.append(_Item(number, [text] if text else []))
        self.awaiting_text = not text

    def extend(self, text: str) -> None:
        if self.items:
            self.items[-1].parts.append(text)
        else:
            self.add(None, text)
        self.awaiting_text = False


# --------------------------------------------------------------------------
# The parser proper: one pass over the lines, header then body then amendments

_HEADER, _BODY, _AMENDMENTS = "header", "body", "amendments"


class _Parser:
    def __init__(self, text: str) -> None:
        self.result = ParsedMotion()
        if len(text) > MAX_INPUT_CHARS:
            text = text[:MAX_INPUT_CHARS]
            self.result.warnings.append(
                f"input longer than {MAX_INPUT_CHARS} characters; the rest was ignored"
            )
        self.lines = [_clean_line(raw) for raw in text.splitlines()]
        self.i = 0
        self.state = _HEADER
        self.back_link_seen = False
        self.title_labelled = False
        self.spare_titles: list[str] = []  # title-like lines after the title
        self.body: list[str] = []
        self.blocks: list[_Block] = []
        self.block: _Block | None = None  # the list currently being read
        self.blank_before = False
        self.date_problem = False
        self.decision_problem = False

    # -- driving loop

    def run(self) -> ParsedMotion:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            self.i += 1
            if not line:
                self.blank_before = True
                if self.body and self.body[-1]:
                    self.body.append("")
                continue
            if _is_noise(line):
                if _key(line) in _BACK_LINKS:
                    self.on_back_link()
                continue
            if self.state != _AMENDMENTS and self.take_metadata(line):
                continue
            if self.state == _HEADER:
                if self.take_header(line):
                    continue
                self.start_body()
            if self.state == _BODY:
                self.body_line(line)
            else:
                self.body.append(line)
            self.blank_before = False
        return self.finish()

    def warn(self, message: str) -> None:
        if message not in self.result.warnings:
            self.result.warnings.append(message)

    # -- metadata

    def next_value(self, kind: str) -> str | None:
        """The value under a label that sits alone on its line."""
        j = self.i
        while j < len(self.lines) and (not self.lines[j] or _is_noise(self.lines[j])):
            j += 1
        if j >= len(self.lines):
            return None
        candidate = self.lines[j]
        label = _LABEL_LINE.match(candidate)
        if _key(candidate) in _LABELS_ALONE or (label and _key(label.group("label")) in _LABELS):
            return None
        limit = {"decision": 80, "date": 80, "conference": 150}.get(kind, 200)
        if len(candidate) > limit or _is_opener(candidate) or _find_intros(candidate):
            return None
        self.i = j + 1
        return candidate

    def take_metadata(self, line: str) -> bool:
        in_header = self.state == _HEADER
        m = _LABEL_LINE.match(line)
        label = _key(m.group("label")) if m else ""
        if m and label in _LABELS and (in_header or label in _BODY_LABELS):
            kind = _LABELS[label]
            value = m.group("value").strip() or self.next_value(kind)
            if value:
                self.apply(kind, value)
            return True
        key = _key(line)
        if key in _LABELS_ALONE and (in_header or key in _BODY_LABELS):
            kind = _LABELS[key]
            value = self.next_value(kind)
            if value:
                self.apply(kind, value)
            return True
        return False

    def apply(self, kind: str, value: str) -> None:
        if kind == "conference":
            self.set_field("conference", value)
            self.note_year(value)
        elif kind == "date":
            self.set_date(value, strict=False)
        elif kind == "decision":
            self.set_decision(value, strict=False)
        elif kind == "submitted_by":
            self.set_field("submitted_by", value)
        elif kind == "title" and not _NUMBER_ONLY.match(value):
            if not self.title_labelled:
                self.result.title = _clean_title(value)
                self.title_labelled = True
        elif kind == "year":
            self.note_year(value)

    def set_field(self, name: str, value: str) -> None:
        current = getattr(self.result, name)
        if current is None:
            setattr(self.result, name, value)
        elif current != value:
            self.warn(f"conflicting {name.replace('_', ' ')}: kept {current!r}, ignored {value!r}")

    def note_year(self, text: str) -> None:
        m = _YEAR.search(text)
        if m and self.result.year is None:
            self.result.year = int(m.group("y"))

    def set_date(self, raw: str, *, strict: bool) -> bool:
        found = _parse_date(raw, strict=strict)
        if found is None:
            return False
        if found.year is not None and self.result.year is None:
            self.result.year = found.year
        if found.value is None:
            self.date_problem = True
            self.warn(found.problem or f"date {raw!r} not recognised; left empty")
        elif self.result.date is None:
            self.result.date = found.value
        elif self.result.date != found.value:
            self.warn(f"conflicting date: kept {self.result.date.isoformat()}, ignored {raw!r}")
        return True

    def set_decision(self, raw: str, *, strict: bool) -> bool:
        m = _DECISION.match(raw)
        if m is None or (strict and not _DECISION_TAIL.fullmatch(raw, m.end())):
            if not strict:
                self.decision_problem = True
                self.warn(f"decision {raw!r} not recognised; left empty")
            return False
        decision = _decision_of(m.group("d"))
        if decision is None:
            self.decision_problem = True
            self.warn(f"decision {raw!r} is not one of {', '.join(DECISIONS)}; left empty")
        else:
            self.set_field("decision", decision)
        return True

    # -- header

    def on_back_link(self) -> None:
        # On the real pages the title sits right above "Back to all Motions";
        # anything title-like before it is site furniture.
        if self.state == _HEADER and self.spare_titles and not self.title_labelled:
            self.result.title = _clean_title(self.spare_titles[-1])
            self.spare_titles.clear()
        self.back_link_seen = True

    def take_header(self, line: str) -> bool:
        submitted = _SUBMITTED.match(line)
        if submitted:
            self.set_field("submitted_by", submitted.group("value").strip())
            return True
        if _SECONDED.match(line) or _MOTION_LABEL.match(line):
            return True
        if self.set_decision(line, strict=True) or self.set_date(line, strict=True):
            return True
        conference = _CONFERENCE_LINE.match(line)
        if conference and (conference.group("y1") or conference.group("y2")):
            self.set_field("conference", line)
            self.note_year(line)
            return True
        if _YEAR.fullmatch(line):
            self.note_year(line)
            return True
        if _is_title_like(line):
            if self.result.title is None:
                self.result.title = _clean_title(line)
                return True
            if not self.back_link_seen:
                self.spare_titles.append(line)
                return True
        return False

    def start_body(self) -> None:
        self.state = _BODY
        # Title-like lines that turned out not to be the title are subheadings.
        self.body.extend(self.spare_titles)
        self.spare_titles.clear()

    # -- body

    def body_line(self, line: str) -> None:
        if _AMENDMENT_HEADING.match(line):
            self.close_block()
            self.state = _AMENDMENTS
            self.body.append(line)
            return
        if self.set_decision(line, strict=True):
            return
        submitted = _SUBMITTED.match(line)
        if submitted and len(line) <= 120 and line[-1] != ".":
            self.set_field("submitted_by", submitted.group("value").strip())
            return
        if _SECONDED.match(line) and len(line) <= 120:
            return
        self.body.append(line)
        if self.block is not None and self.continue_block(line):
            return
        self.prose(line)

    def continue_block(self, line: str) -> bool:
        """Feed a line to the open list; False if the line ends the list."""
        block = self.block
        assert block is not None
        marker = _parse_marker(line)
        if block.awaiting_text and marker is None:
            block.extend(line)
            return True
        if marker is not None:
            style = block.resolve(marker)
            if block.style in (None, "plain") and not block.items:
                block.style = style
            if style == block.style:
                block.add(marker.value_as(style), marker.text)
            else:
                # A sub-point ("a)" under "1.", "2.1") belongs to the call above.
                block.extend(line)
            return True
        if _is_opener(line) or _find_intros(line):
            self.close_block()
            return False
        if not block.items or block.style == "plain":
            # Pasted <li> items lose their bullets: one line, one call.
            block.style = "plain"
            block.add(None, line)
            return True
        last = " ".join(block.items[-1].parts)
        ends_sentence = bool(last) and last[-1] in ".!?"
        if not self.blank_before and not (ends_sentence and len(line) > 100):
            block.extend(line)  # a wrapped line
            return True
        if self.blank_before and last and last[-1] not in ".!?;:" and line[0].islower():
            block.extend(line)
            return True
        self.close_block()
        return False

    def prose(self, line: str) -> None:
        intros = _find_intros(line)
        if not intros and line[-1] not in ".!?" and _VERB.search(line):
            # "Conference therefore calls on the Service Group\nExecutive to:"
            joined, j = line, self.i
            while j < len(self.lines) and j < self.i + 2:
                following = self.lines[j]
                if not following or _parse_marker(following) or _is_noise(following):
                    break
                joined = f"{joined} {following}"
                j += 1
                intros = _find_intros(joined)
                if intros:
                    self.body.extend(self.lines[self.i : j])
                    self.i = j
                    break
        for intro in intros:
            self.close_block()
            block = _Block(intro.body)
            for number, text in intro.items:
                block.add(number, text)
            if intro.items:
                block.style = "num" if intro.items[0][0] is not None else "plain"
            self.blocks.append(block)
            self.block = block
        if intros and intros[-1].kind == "items" and intros[-1].items[0][0] is None:
            self.close_block()  # a single inline call: nothing follows it

    def close_block(self) -> None:
        self.block = None

    # -- result

    def finish(self) -> ParsedMotion:
        result = self.result
        if self.state == _HEADER:
            self.start_body()
        while self.body and not self.body[-1]:
            self.body.pop()
        result.body = "\n".join(self.body)
        last_number = 0
        for block in self.blocks:
            texts = [(item.number, _clean_call_text(" ".join(item.parts))) for item in block.items]
            texts = [(n, t) for n, t in texts if t]
            if not texts:
                self.warn("a call-to-action introduction is followed by no calls")
                continue
            if result.calls_on is None and block.body is not None:
                result.calls_on = block.body
            for number, text in texts:
                last_number = number if number is not None else last_number + 1
                result.calls.append(Call(last_number, text))
        if result.title is None:
            self.warn("title missing")
        if result.conference is None:
            self.warn("conference missing")
        if result.date is None and not self.date_problem:
            known = f" (conference year {result.year})" if result.year else ""
            self.warn(f"date missing{known}")
        if result.decision is None and not self.decision_problem:
            self.warn("decision missing")
        if not result.calls:
            self.warn("no calls to action found")
        return result
