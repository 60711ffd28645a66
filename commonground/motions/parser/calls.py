"""Calls to action: the sentence that introduces them, and inline lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from .lines import phrases
from .markers import INLINE_BULLETS, ROMAN, ListMarker

# --------------------------------------------------------------------------
# Calls to action

CALL_VERB = re.compile(
    r"\b(?:(?P<on>calls?\s+(?:up)?on)|(?P<for>calls?\s+for)"
    r"|(?P<instr>instructs?|asks?|requests?|urges?|directs?|mandates?|tasks?|invites?)"
    r"|(?P<res>resolves?|agrees?|will))\b",
    re.I,
)
_ADVERBS = (
    r"(?:therefore|further|also|now|hereby|accordingly|thus|finally|additionally|furthermore"
    r"|then|so|urgently|in\s+particular|once\s+again|again|specifically)"
)
# Who is calling must be the conference ("Conference therefore calls on", "we call
# upon", "... and calls on"): "the TUC calls on the government to" in a preamble
# is not one of ours, and "Motion 39 called on" is history.
# A branch's own motions: "This branch calls on", "This meeting calls on", "This AGM asks".
# A council's notice of motion, and a regional council's: "This Council resolves to:",
# "Council calls on the Regional Committee to:". A bare "Council" counts only where the
# sentence starts: "the General Council calls on the government" is reported speech.
_MEETING = (
    r"this\s+(?:branch|meeting|agm|annual\s+general\s+meeting|general\s+meeting"
    r"|branch\s+meeting|forum|committee|council)"
)
_COUNCIL_OPENING = r"^\W*(?:that\s+)?council"
# "Conference therefore resolves to instruct the SGE to:" is conference instructing.
_SUBJECT_TAIL = re.compile(
    rf"(?:\b(?P<subj>conference|congress|we|{_MEETING})|(?P<council>{_COUNCIL_OPENING})"
    rf"|\b(?P<and>and))\s*,?\s*(?:{_ADVERBS}\s*,?\s*)*"
    r"(?:(?:resolves?|agrees?|decides?)\s+to\s+)?$",
    re.I,
)
_SUBJECT_ANY = re.compile(rf"\b(?:conference|congress|we|{_MEETING})\b", re.I)
_BODY_TO = re.compile(r"\s+(?P<body>[^.:;!?]{1,200}?)\s+to\b", re.I)
# "Conference calls on the National Executive Council:" with each call beginning "to".
_BODY_COLON = re.compile(r"\s+(?P<body>[^.:;!?]{1,200}?)\s*:", re.I)
_LEADING_TO = re.compile(r"^to\s+(?=\S)", re.I)
_COLON_ONLY = re.compile(r"\s*:\s*")
# Under "Conference calls on:", a call names its body: "the NEC to fund ...".
_OWN_BODY = re.compile(r"^(?P<body>[^.:;!?]{1,200}?)\s+to\s+(?P<text>\S.*)$", re.S)


def own_body(text: str) -> tuple[str | None, str]:
    """ "regions to appoint a lead" -> ("regions", "appoint a lead")."""
    m = _OWN_BODY.match(text)
    if m is None or _NOT_A_BODY.match(m.group("body")):
        return None, text
    return _clean_body(m.group("body")), m.group("text")


# "Conference asks why the employer refuses to ..." asks nobody to do anything.
_NOT_A_BODY = re.compile(r"(?:why|how|what|whether|that|if|when|where|who|for)\b", re.I)
_LIST_ONLY = re.compile(r"(?:\s+(?:to|that))?\s*[:\-–—]*\s*$", re.I)
_PUNCT_ONLY = re.compile(r"[\s:;,\-–—.]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_INLINE_ENUM = re.compile(
    r"(?:\((?P<pn>[0-9]{1,2})\)|(?P<n>[0-9]{1,2})[.)](?![0-9])|\((?P<pa>[a-z])\)|(?P<a>[a-z])\)"
    r"|\((?P<pr>[ivx]{2,5})\)|(?P<r>[ivx]{2,5})\))\s*"
)
_MAX_VERBS_PER_SENTENCE: Final = 20


@dataclass(frozen=True)
class _Intro:
    kind: str  # "list": items follow on later lines; "items": given inline
    body: str | None
    items: tuple[tuple[int | None, str], ...] = ()
    each: bool = False  # "Conference calls on:" then "a) the NEC to ...; b) regions to ..."


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


def _find_intro(sentence: str) -> tuple[str | None, int, bool] | None:
    """The body called on, where the rest of the sentence starts, and whether each
    call names its own body ("Conference calls on:" and nothing more)."""
    for count, m in enumerate(CALL_VERB.finditer(sentence)):
        if count >= _MAX_VERBS_PER_SENTENCE:
            break
        kind = m.lastgroup
        body: str | None = None
        rest_at = m.end()
        each = kind in ("on", "instr") and _COLON_ONLY.fullmatch(sentence, m.end()) is not None
        if each:
            rest_at = len(sentence)
        elif kind in ("on", "instr"):
            bm = _BODY_TO.match(sentence, m.end())
            cm = _BODY_COLON.match(sentence, m.end())
            if cm is not None and (bm is None or cm.end() < bm.end()):
                bm = cm  # "calls on X:", each call "to do Y"
            if bm is None or _NOT_A_BODY.match(bm.group("body")):
                continue
            body = _clean_body(bm.group("body"))
            rest_at = bm.end()
        elif kind == "for":
            # "calls for the NEC to:" names a body; "calls for an end to ..." does not,
            # so only the list form, and only a body that reads as a name.
            bm = _BODY_TO.match(sentence, m.end())
            if (
                bm is not None
                and _LIST_ONLY.fullmatch(sentence, bm.end())
                and re.match(r"(?:the\s|[A-Z])", bm.group("body"))
            ):
                body = _clean_body(bm.group("body"))
                rest_at = bm.end()
        elif kind == "res" and not _LIST_ONLY.fullmatch(sentence, m.end()):
            continue  # "Conference agrees that ...", "Congress will campaign" are not lists
        prefix = sentence[: m.start()]
        tail = _SUBJECT_TAIL.search(prefix[-160:])
        by_conference = tail is not None and (
            tail.group("subj") is not None
            or tail.group("council") is not None
            or _SUBJECT_ANY.search(prefix) is not None
        )
        # A bare heading such as "Calls on the NEC to:" also counts.
        bare_heading = not prefix.strip(" \"“‘'(") and _PUNCT_ONLY.fullmatch(sentence, rest_at)
        if by_conference or bare_heading:
            return body, rest_at, each
    return None


def _split_inline(text: str) -> tuple[tuple[int | None, str], ...]:
    """ "1)work with X 2)produce Y" -> ((1, "work with X"), (2, "produce Y")).
    Only runs that start at the beginning and count up by one are taken, so a
    "rose by 5. The" in the middle of a sentence is not an item."""
    first = _INLINE_ENUM.match(text)
    if first is None:
        return ()

    # "(i) ... (ii) ... and (iii)": a run that opens with "i" counts in roman numerals.
    roman = (first.group("a") or first.group("pa")) == "i"

    def value(m: re.Match[str]) -> tuple[str, int]:
        if m.group("n") or m.group("pn"):
            return "num", int(m.group("n") or m.group("pn"))
        letters = m.group("a") or m.group("pa") or m.group("r") or m.group("pr") or ""
        if roman or len(letters) > 1:
            return "roman", ROMAN.get(letters, 0)
        return "alpha", ord(letters) - ord("a") + 1

    kind, expected = value(first)
    if expected == 0:
        return ()
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


# "RESOLVED – That this Council:" then "(a) pays ...; (b) writes to ...": the meeting
# itself, then a colon, introduces what it resolves.
_SUBJECT_ONLY = re.compile(
    rf"^\W*(?:that\s+)?(?:this\s+(?:conference|congress)|{_MEETING})\s*:\s*$", re.I
)


def find_intros(line: str) -> list[_Intro]:
    """Every call-to-action introduction in one line, in order."""
    if _SUBJECT_ONLY.match(line):
        return [_Intro("list", None)]
    found: list[_Intro] = []
    sentences = _sentences(line)
    for index, (start, sentence) in enumerate(sentences):
        hit = _find_intro(sentence)
        if hit is None:
            continue
        body, rest_at, each = hit
        rest = sentence[rest_at:]
        last = index == len(sentences) - 1
        if last and (_PUNCT_ONLY.fullmatch(rest) or sentence.rstrip().endswith(":")):
            # "... to:" (or "... to work with the NEC to:"): the calls follow.
            found.append(_Intro("list", body, each=each))
            break
        after = line[start + rest_at :].lstrip(" :;-–—")
        items = _split_inline(after) or _split_bullets(after)
        if items:
            found.append(_Intro("items", body, items))
            break
        text = rest.lstrip(" :;-–—")
        if text:
            found.append(_Intro("items", body, tuple((None, part) for part in split_and_to(text))))
    return found


def _split_bullets(text: str) -> tuple[tuple[int | None, str], ...]:
    """ "• a; • b; • c" (a PDF's list run onto one line) -> three calls."""
    if not text or text[0] not in INLINE_BULLETS:
        return ()
    return tuple((None, part) for part in split_on_bullet(text[0], text[1:]))


def split_on_bullet(glyph: str, text: str) -> list[str]:
    """A bulleted item's text, split where the same bullet recurs after a space (not a
    dash or a hyphen: in running text those are punctuation)."""
    if glyph not in INLINE_BULLETS:
        return [text]
    return [part for part in re.split(rf"\s+{re.escape(glyph)}\s*", text) if part.strip()]


# One sentence, two calls: "to press the government for X, and to support branches in
# Y". The comma (or semicolon) is needed: "to listen to members and to act on what they
# say" is one call. And "to" must start a verb: ", and to the press" or ", and to MPs"
# ("to write to councillors, and to MPs") is the same call going on.
# Nor is ", and to members of the committee": a word followed by "of" is a noun, and so is
# a plural ("to councillors", "to employers"); a verb after "to" has no plural "-s"
# ("to discuss", "to focus", "to address" end in "ss" or "us").
_AND_TO = re.compile(
    r"\s*[,;]\s*and\s+(?:also\s+)?to\s+"
    r"(?!(?:the|a|an|all|any|each|every|its|their|our|his|her|those|these|this|that|them|us"
    r"|him|me|you|other|others|such|both|one|two|three)\b)"
    r"(?![a-z]+\s+of\b)(?![a-z]*[^su\W]s\b)(?=[a-z])",
)


def split_and_to(text: str) -> list[str]:
    return [part for part in _AND_TO.split(text) if part.strip()]


_TRAILING_JOINER = re.compile(r"(?:\s*[;,]\s*(?:and|or)|\s*[;,.]|\s+(?:and|or))\s*$", re.I)


# The second halves of the compounds care motions use ("sleep-in", "follow-up",
# "time-limited"): broken at their own hyphen, they keep it.
_COMPOUND_ENDS: Final = phrases(
    "in|up|out|on|off|time|based|led|term|free|wide|related|specific|limited|hour|hours",
    "day|days|year|years|friendly|funded|paid|run|owned|working|level",
)


def join_parts(parts: list[str]) -> str:
    """A call's lines as one text. A word a PDF hyphenated at the end of a line
    ("commu-" then "nity") is mended: a lower-case letter, a hyphen ending the line,
    a lower-case letter starting the next; unless the next line starts with the second
    half of a usual compound ("sleep-" then "in shifts")."""
    text = ""
    for raw in parts:
        part = " ".join(raw.split())
        if not part:
            continue
        if len(text) > 1 and text[-1] == "-" and text[-2].islower() and part[0].islower():
            second = part.split(" ", 1)[0].rstrip(".,;:")
            text = text + part if second in _COMPOUND_ENDS else text[:-1] + part
        else:
            text = f"{text} {part}" if text else part
    return text


def clean_call_text(raw: str) -> str:
    """A call's text without list punctuation, quotes around it or a leading "to"."""
    text = " ".join(raw.split())
    # A quoted motion (the STUC's: each paragraph opens with “, the last one closes):
    # a quote mark left unpaired at either end goes.
    if text.endswith("”") and text.count("”") > text.count("“"):
        text = text[:-1].rstrip()
    if text.startswith("“") and text.count("“") > text.count("”"):
        text = text[1:].lstrip()
    if text[-1:] == '"' and text.count('"') % 2 == 1:
        text = text[:-1].rstrip()
    # "calls on X:" then "to do Y"; and "calls on X to:" then "1. To do Y" repeats the "to".
    text = _LEADING_TO.sub("", text)
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
class CallBlock:
    body: str | None
    each: bool = False  # each call names its own body
    style: str | None = None  # "num", "alpha", "roman", "bullet" or "plain"
    shape: str | None = None  # how the first item's marker is written: "1.", "a)", "•"
    items: list[_Item] = field(default_factory=list)
    awaiting_text: bool = False  # a "4." alone on its line; its text is next
    in_sub_list: bool = False  # the last item's sub-points are being read

    def starts(self, marker: ListMarker) -> None:
        """The list's first item: its marker sets the list's style and shape."""
        self.style = self.resolve(marker)
        self.shape = marker.shape

    def is_next(self, marker: ListMarker) -> bool:
        """Whether a marker continues this list: the same style and shape, and (when
        numbered) the next number."""
        style = self.resolve(marker)
        if style != self.style or (self.shape is not None and marker.shape != self.shape):
            return False
        last = self.items[-1].number if self.items else None
        value = marker.value_as(style)
        return last is None or value is None or value == last + 1

    def sub_point(self, marker: ListMarker) -> bool:
        """Whether a marked line is a sub-point of the last item. An item ending in a
        colon ("... to include:") opens a sub-list, which runs until the list's own next
        marker ("2." after "1.", "b)" after "a)"): "i." or "i)" under "a)", "•" under
        "1.", "o" under "•" belong to the item above."""
        last = self.items[-1] if self.items else None
        opened = last is not None and join_parts(last.parts).endswith(":")
        self.in_sub_list = (self.in_sub_list or opened) and not self.is_next(marker)
        return self.in_sub_list

    def resolve(self, marker: ListMarker) -> str:
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
