"""The parser proper: one pass over the lines, header then body then amendments."""

from __future__ import annotations

import re

from .calls import (
    CALL_VERB,
    CallBlock,
    clean_call_text,
    find_intros,
    join_parts,
    own_body,
    split_and_to,
    split_on_bullet,
)
from .lines import BACK_LINKS, EMAIL_HEADER, PAGE_NUMBER, clean_line, is_noise, line_key
from .markers import parse_list_marker, parse_marker
from .metadata import (
    BODY_LABELS,
    CONFERENCE_LINE,
    DASH_LABEL_LINE,
    DECISION,
    DECISION_TAIL,
    DECLARED,
    LABEL_LINE,
    LABELS_ALONE,
    MOTION_AS_AMENDED,
    MOTION_LABEL,
    MOTION_NUMBER_THEN,
    NUMBER_ONLY,
    NUMBERED_TITLE_DECISION,
    PIPE_LABEL_LINE,
    RESOLVED,
    SECONDED,
    SUBMITTED,
    TAB_LABEL_LINE,
    TO_MOVE,
    YEAR,
    body_label,
    decision_of,
    label_key,
    label_kind,
    read_conference,
    read_date,
)
from .model import DECISIONS, MAX_INPUT_CHARS, ParsedCall, ParsedMotion
from .pages import COLUMN_GAP, PAGE_BREAK, running_headers, split_lines, unfold_columns
from .titles import (
    AMENDMENT_HEADING,
    clean_title,
    is_opener,
    is_organisation,
    is_title_like,
)

# --------------------------------------------------------------------------
# The parser proper: one pass over the lines, header then body then amendments

_HEADER, _BODY, _AMENDMENTS = "header", "body", "amendments"
# "Conference 2026 | 10 April 2026 | Motion 5", "Local Government Conference 2024 · 16 June 2024";
# failing those, a spaced dash: "16 June 2026 – National Delegate Conference" (a dash may
# also join a range: "10 - 12 April 2026").
HEADER_SEPARATOR = re.compile(r"\s*\|\s*|\s+[·•]\s+")
DASH_SEPARATOR = re.compile(r"\s+[–—-]\s+")
_SEPARATORS = (HEADER_SEPARATOR, DASH_SEPARATOR)
# A heading dated after a comma or a spaced dash: "Minutes of the Annual General Meeting,
# 11 February 2025", "Council – Wednesday 21 January 2026".
# "Minutes of the meeting of the Council held on Wednesday 11 March 2026" too.
DATELINE = re.compile(
    r"^(?P<head>[^,]{3,120}?)(?:,|\s+[-–—]|\s+(?:held\s+)?on)\s*(?P<date>[^,–—]*[0-9]{4})\s*$"
)
# A decision in brackets after a title: "Home care rotas published in advance (Carried)".
TITLE_DECISION = re.compile(r"\s*[(\[](?P<d>[^()\[\]]{3,40})[)\]]\s*$")
# A venue in a header strip: one to three capitalised words ("Harrogate", "Venue Cymru").
_PLACE = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}")
# A page's year tag before the title: "[2026] Motion 58 Social care workforce strategy".
YEAR_TAG = re.compile(r"^\[(?P<y>(?:19|20)[0-9]{2})\]\s*(?P<rest>.*)$")
# "... for pay;" then "and to support branches ...": the sentence, and a second call, go on.
AND_TO_LINE = re.compile(r"^and\s+(?:also\s+)?to\s+[a-z]")


class MotionReader:
    def __init__(self, text: str) -> None:
        self.result = ParsedMotion()
        if len(text) > MAX_INPUT_CHARS:
            text = text[:MAX_INPUT_CHARS]
            self.result.warnings.append(
                f"input longer than {MAX_INPUT_CHARS} characters; the rest was ignored"
            )
        self.raw = unfold_columns(split_lines(text))
        self.lines = [raw if raw == PAGE_BREAK else clean_line(raw) for raw in self.raw]
        self.furniture = running_headers(self.lines)
        self.drop_email_header()
        self.title_line: str | None = None
        self.i = 0
        self.state = _HEADER
        self.back_link_seen = False
        self.title_labelled = False
        # After a motion's number: "" until a title is read below it, then that title.
        self.retitle: str | None = None
        self.spare_titles: list[str] = []  # title-like lines after the title
        self.body: list[str] = []
        self.blocks: list[CallBlock] = []
        self.block: CallBlock | None = None  # the list currently being read
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
            if is_noise(line):
                if line_key(line) in BACK_LINKS:
                    self.on_back_link()
                continue
            if line == PAGE_BREAK or line in self.furniture:
                # A running header may be the only place the conference is named.
                if (
                    self.state == _HEADER
                    and line != PAGE_BREAK
                    and not self.take_columns(self.raw[self.i - 1])
                ):
                    self.take_conference(line, beside_date=False)
                continue
            if self.state != _HEADER and PAGE_NUMBER.match(line):
                continue
            if self.state == _AMENDMENTS and self.take_motion_decision(line):
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

    def drop_email_header(self) -> None:
        """A motion forwarded by e-mail opens with the message's own "From:", "Sent:",
        "To:", "Subject:" lines: they are not the motion's (its "Subject" is no title,
        its "Date" is when it was sent)."""
        j = 0
        while j < len(self.lines) and not self.lines[j]:
            j += 1
        start = j
        while j < len(self.lines) and EMAIL_HEADER.match(self.lines[j]):
            j += 1
        block = [line_key(line).split(" ", 1)[0] for line in self.lines[start:j]]
        if "from" in block and ("subject" in block or "sent" in block):
            for k in range(start, j):
                self.lines[k] = ""

    def warn(self, message: str) -> None:
        if message not in self.result.warnings:
            self.result.warnings.append(message)

    # -- metadata

    def next_value(self, kind: str) -> str | None:
        """The value under a label that sits alone on its line."""
        j = self.i
        while j < len(self.lines) and (not self.lines[j] or is_noise(self.lines[j])):
            j += 1
        if j >= len(self.lines):
            return None
        candidate = self.unbullet(self.lines[j])
        label = LABEL_LINE.match(candidate)
        if line_key(candidate) in LABELS_ALONE or (
            label and label_kind(label_key(label.group("label"))) is not None
        ):
            return None
        limit = {"decision": 80, "date": 80, "conference": 150}.get(kind, 200)
        if len(candidate) > limit or is_opener(candidate) or find_intros(candidate):
            return None
        self.i = j + 1
        return candidate

    def unbullet(self, line: str) -> str:
        """In the header, a page's definition list pasted with its bullets ("- Conference",
        "- 2026 Health Conference", "- Date", ...): the bullet goes. No call comes before
        the sentence that introduces it, so a header line's bullet is only markup."""
        if self.state != _HEADER:
            return line
        marker = parse_marker(line)
        return marker.text if marker is not None and marker.kind == "bullet" else line

    def take_metadata(self, line: str) -> bool:
        in_header = self.state == _HEADER
        raw = self.raw[self.i - 1]
        line = self.unbullet(line)
        cells = TAB_LABEL_LINE.match(raw) if "\t" in raw else None
        cells = cells or (PIPE_LABEL_LINE.match(line) if line[:1] == "|" else None)
        if cells and label_kind(label_key(cells.group("label"))) is not None:
            # "Date<tab>19 June 2024", "| Date | 19 June 2024 |": a table's row, read as
            # "Date: 19 June 2024".
            line = f"{cells.group('label').strip()}: {clean_line(cells.group('value'))}"
        m = LABEL_LINE.match(line)
        label = label_key(m.group("label")) if m else ""
        kind = label_kind(label) if m else None
        if m is not None and kind is not None and (in_header or body_label(label)):
            value = m.group("value").strip() or self.next_value(kind)
            if value:
                self.apply(kind, value)
            return True
        # In the body "Result: members won back pay" is prose, but "Outcome: remitted"
        # is the decision: taken only when the whole value is one.
        if m and kind == "decision" and self.set_decision(m.group("value").strip(), strict=True):
            return True
        dashed = DASH_LABEL_LINE.match(line)
        if (
            dashed
            and label_kind(label_key(dashed.group("label"))) == "decision"
            and self.set_decision(dashed.group("value").strip(), strict=True)
        ):
            return True  # "Outcome – CARRIED AS AMENDED"
        key = label_key(line) if "/" in line and len(line) <= 60 else line_key(line)
        if key in LABELS_ALONE and (in_header or key in BODY_LABELS):
            alone = label_kind(key) or "ignore"
            value = self.next_value(alone)
            if value:
                self.apply(alone, value)
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
        elif kind == "title" and self.take_dateline(value):
            pass  # "Subject: Motion to Branch AGM – Tuesday 10th March 2026" dates the motion
        elif kind == "title" and not NUMBER_ONLY.match(value):
            if not self.title_labelled:
                self.result.title = clean_title(value)
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
        m = YEAR.search(text)
        if m and self.result.year is None:
            self.result.year = int(m.group("y"))

    def set_date(self, raw: str, *, strict: bool) -> bool:
        found = read_date(raw, strict=strict)
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
        if raw[:1] in "([" and raw[-1:] in ")]":
            raw = raw[1:-1].strip()  # "(Carried)", "[Lost]"
        m = DECISION.match(raw)
        if m is None or (strict and not DECISION_TAIL.fullmatch(raw, m.end())):
            if not strict:
                self.decision_problem = True
                self.warn(f"decision {raw!r} not recognised; left empty")
            return False
        decision = decision_of(m.group("d"))
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
            self.result.title = clean_title(self.spare_titles[-1])
            self.spare_titles.clear()
        self.back_link_seen = True

    def take_motion_decision(self, line: str) -> bool:
        """Below the amendments, the decision on the motion itself: "Motion as amended:
        Carried", "Substantive motion carried". The amendments' own "Carried" is not."""
        amended = MOTION_AS_AMENDED.match(line)
        if amended:
            before = self.result.decision
            if not self.set_decision(amended.group("value"), strict=True):
                return False
            if before is None and self.result.decision == "carried":
                self.result.decision = "carried as amended"
            return True
        return line_key(line).startswith(("motion ", "the motion ", "substantive motion ")) and (
            self.set_decision(line, strict=True) or self.take_declared(line)
        )

    def take_declared(self, line: str) -> bool:
        """ "The motion was put to the vote and declared CARRIED." """
        declared = DECLARED.match(line)
        return declared is not None and self.set_decision(declared.group("value"), strict=True)

    def take_header(self, line: str) -> bool:
        marker = parse_marker(line)
        if marker is not None and marker.kind == "bullet" and not marker.text:
            return True  # a bullet alone: markup, before any call's introduction
        tagged = YEAR_TAG.match(line)
        if tagged:
            # "[2026] Motion 58 Title": the page's year, then the line's own content.
            self.note_year(tagged.group("y"))
            line = tagged.group("rest")
            if not line:
                return True
        if any(sep.search(line) and self.take_header_parts(line, sep) for sep in _SEPARATORS):
            return True
        if COLUMN_GAP.search(self.raw[self.i - 1].strip()) and self.take_columns(
            self.raw[self.i - 1]
        ):
            return True
        submitted = SUBMITTED.match(line) or TO_MOVE.match(line)
        if submitted:
            self.set_field("submitted_by", submitted.group("value").strip())
            return True
        if SECONDED.match(line):
            return True
        if MOTION_LABEL.match(line):
            self.number_seen()
            return True
        numbered = MOTION_NUMBER_THEN.match(line)
        if numbered and self.set_decision(numbered.group("rest"), strict=True):
            return True  # "Motion 4 — Carried"
        listed = NUMBERED_TITLE_DECISION.match(line)
        if (
            listed
            and self.result.title is None
            and not MOTION_LABEL.match(listed.group("head"))
            and self.set_decision(listed.group("d"), strict=True)
        ):
            # "Resolution no. 14 – Social care workforce Carried": a decisions list.
            return self.take_title(listed.group("head"))
        if self.set_decision(line, strict=True) or self.set_date(line, strict=True):
            return True
        if self.take_conference(line, beside_date=True) or self.take_dateline(line):
            return True
        if YEAR.fullmatch(line):
            self.note_year(line)
            return True
        marker = parse_marker(line)
        if (
            marker is not None
            and marker.kind == "num"
            and not marker.text
            and self.result.title is None
            and (following := self.following_line())
            and is_title_like(following)
        ):
            # "24." alone, then the title: an agenda's number on its own line.
            self.number_seen()
            return True
        if (
            marker is not None
            and marker.kind == "num"
            and self.result.title is None
            and marker.text
            and is_title_like(marker.text)
        ):
            # "41. Home care travel time": an agenda's number before the title (no call
            # can come before the sentence that introduces it).
            return self.take_title(marker.text)
        if is_title_like(line):
            if self.result.title is None:
                return self.take_title(line)
            if self.retitle and self.retitle == self.result.title and is_organisation(line):
                # "Motion 12", "Sleep-in pay", "North West Region": the mover below.
                self.set_field("submitted_by", line)
                self.retitle = None
                return True
            if self.retitle is not None and not self.title_labelled:
                # Below the motion's number: the title. What came before the number was
                # the page's (a venue, a heading) and what comes right after it, with a
                # second title-like line next, was who moved it ("Motion 21:", "GMB",
                # "Care workers' mileage").
                if self.retitle == self.result.title and self.title_line is not None:
                    self.set_field("submitted_by", self.title_line)
                self.retitle = None
                self.result.title = None
                return self.take_title(line)
            if (
                not self.title_labelled
                and not self.back_link_seen
                and self.title_line is not None
                and is_organisation(self.title_line)
            ):
                # "UNISON Cymru Wales" then "Care workers' travel time": who moved it,
                # then the title.
                self.set_field("submitted_by", self.title_line)
                self.result.title = None
                return self.take_title(line)
            if not self.back_link_seen:
                self.spare_titles.append(line)
                return True
        # A site's strapline above the motion ("Our database of policy motions from our
        # conferences."): the motion's parts are still to come.
        return self.result.title is None and marker is None and self.metadata_ahead()

    def number_seen(self) -> None:
        """A motion's number on a line of its own ("Motion 52", "24."): the title is
        the next title-like line. A title read above the number is kept in case none
        comes (a page may put the number below its title)."""
        if not self.title_labelled:
            self.retitle = ""

    def following_line(self) -> str:
        """The next line with something in it."""
        j = self.i
        while j < len(self.lines) and not self.lines[j]:
            j += 1
        return self.lines[j] if j < len(self.lines) else ""

    def take_conference(self, line: str, *, beside_date: bool) -> bool:
        """A conference line: with its year, or with a date after it on the line, or
        (``beside_date``) with no year, a bare line next to a bare date or a range
        ("National Delegate Conference" then "18 June 2024")."""
        found = read_conference(line)
        if found is None:
            return False
        dated = found.date_text is not None and self.set_date(found.date_text, strict=True)
        if not (found.has_year or dated or (beside_date and self.beside_a_date())):
            return False
        self.set_field("conference", found.name)
        self.note_year(line)
        return True

    def take_dateline(self, line: str) -> bool:
        """ "Motion to the branch AGM, 4 March 2025", "Council – Wednesday 21 January
        2026": a heading that dates the motion (a conference line was read above)."""
        dateline = DATELINE.match(line)
        found = read_date(dateline.group("date"), strict=True) if dateline else None
        if dateline is None or found is None or found.value is None:
            return False
        return self.set_date(dateline.group("date"), strict=True)

    def take_title(self, line: str) -> bool:
        decided = TITLE_DECISION.search(line)
        if decided and decided.start() > 0 and self.set_decision(decided.group("d"), strict=True):
            line = line[: decided.start()]
        if self.retitle == "":
            self.retitle = clean_title(line)  # the first title-like line below the number
        following = self.lines[self.i] if self.i < len(self.lines) else ""
        if (
            following[:1].islower()
            and line[-1:].isalnum()
            and parse_marker(following) is None
            and is_title_like(following)
        ):
            # A long title a PDF wrapped: "... crisis in adult social" / "care through ...".
            line = f"{line} {following}"
            self.i += 1
        self.result.title = clean_title(line)
        self.title_line = line
        return True

    def metadata_ahead(self) -> bool:
        """Whether one of the next few lines is a conference line, a date or a label."""
        seen = 0
        for following in self.lines[self.i :]:
            if not following or is_noise(following):
                continue
            if is_opener(following) or find_intros(following) or seen >= 4:
                return False
            seen += 1
            label = LABEL_LINE.match(following)
            if (label and label_kind(label_key(label.group("label"))) is not None) or (
                line_key(following) in LABELS_ALONE
            ):
                return True
            conference = CONFERENCE_LINE.match(following)
            if conference and (conference.group("y1") or conference.group("y2")):
                return True
            found = read_date(following, strict=True)
            if found is not None and found.value is not None:
                return True
        return False

    def take_columns(self, raw: str) -> bool:
        """A line laid out in columns ("2025 Health Conference      Final Agenda"), as
        a PDF's running header is: the column that names a conference with its year,
        and any column that is a date. A menu's "Conference" has no year."""
        parts = [clean_line(part) for part in COLUMN_GAP.split(raw.strip())]
        parts = [part for part in parts if part]
        named = [part for part in parts if (found := read_conference(part)) and found.has_year]
        if len(parts) < 2 or len(named) != 1:
            return False
        for part in parts:
            if part != named[0] and read_date(part, strict=True) is not None:
                self.set_date(part, strict=True)
        return self.take_conference(named[0], beside_date=False)

    def take_header_parts(self, line: str, separator: re.Pattern[str]) -> bool:
        """ "Black Members' Conference 2026 | 10 April 2026 | Motion 5": a page's header
        strip. Taken only when every part is a conference, a date (or the conference's
        dates) or a motion's number, with at most one place name ("National Women's
        Conference 2026 | Harrogate | 19–21 February 2026"); a menu of links is not."""
        parts = [part.strip() for part in separator.split(line) if part.strip()]
        conferences = [part for part in parts if CONFERENCE_LINE.match(part)]
        dates = [part for part in parts if read_date(part, strict=True) is not None]
        numbers = [part for part in parts if MOTION_LABEL.match(part)]
        others = [p for p in parts if p not in conferences and p not in dates and p not in numbers]
        if (
            len(parts) < 2
            or len(conferences) != 1
            or len(others) > 1
            or (others and not (dates and _PLACE.fullmatch(others[0])))
        ):
            return False
        for date in dates:
            self.set_date(date, strict=True)
        found = read_conference(conferences[0])
        self.set_field("conference", found.name if found else conferences[0])
        self.note_year(conferences[0])
        return True

    def beside_a_date(self) -> bool:
        """Whether the line before the current one, or the next, is a bare date, or
        the conference's dates ("MONDAY/WEDNESDAY 20/22 APRIL 2026")."""
        around = (self.i - 2, self.i)
        for j in around:
            if 0 <= j < len(self.lines) and self.lines[j]:
                line = self.lines[j]
                label = LABEL_LINE.match(line)
                if label and label_kind(label_key(label.group("label"))) == "date":
                    line = label.group("value")  # "Date: Friday 21st February 2025"
                found = read_date(line, strict=True)
                if found is not None and (found.value is not None or found.is_range):
                    return True
        return False

    def start_body(self) -> None:
        self.state = _BODY
        # Title-like lines that turned out not to be the title are subheadings.
        self.body.extend(self.spare_titles)
        self.spare_titles.clear()

    # -- body

    def body_line(self, line: str) -> None:
        if AMENDMENT_HEADING.match(line):
            self.close_block()
            self.state = _AMENDMENTS
            self.body.append(line)
            return
        if self.set_decision(line, strict=True) or self.take_declared(line):
            return
        resolved = RESOLVED.match(line)
        if resolved:
            self.set_field("decision", "carried")
            line = resolved.group("rest").strip()
            if not line:
                return
        submitted = SUBMITTED.match(line)
        if submitted and len(line) <= 120 and line[-1] != ".":
            self.set_field("submitted_by", submitted.group("value").strip())
            return
        if SECONDED.match(line) and len(line) <= 120:
            return
        self.body.append(line)
        if self.block is not None and self.continue_block(line):
            return
        self.prose(line)

    def continue_block(self, line: str) -> bool:
        """Feed a line to the open list; False if the line ends the list."""
        block = self.block
        assert block is not None
        marker = parse_list_marker(line)
        if block.awaiting_text and marker is None:
            block.extend(line)
            return True
        if marker is not None:
            style = block.resolve(marker)
            if block.style in (None, "plain") and not block.items:
                block.starts(marker)
            if block.sub_point(marker):
                block.extend(line)
            elif style == block.style and marker.kind == "bullet":
                for text in split_on_bullet(marker.token, marker.text) or [marker.text]:
                    block.add(None, text)
            elif style == block.style:
                block.add(marker.value_as(style), marker.text)
            else:
                # A sub-point ("a)" under "1.", "2.1") belongs to the call above.
                block.extend(line)
            return True
        if is_opener(line) or find_intros(line):
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
        intros = find_intros(line)
        if not intros and line[-1] not in ".!?" and CALL_VERB.search(line):
            # "Conference therefore calls on the Service Group\nExecutive to:"
            joined, j = line, self.i
            while j < len(self.lines) and j < self.i + 2:
                following = self.lines[j]
                if not following or parse_marker(following) or is_noise(following):
                    break
                joined = f"{joined} {following}"
                j += 1
                intros = find_intros(joined)
                if intros:
                    self.body.extend(self.lines[self.i : j])
                    self.i = j
                    break
        for intro in intros:
            self.close_block()
            block = CallBlock(intro.body, each=intro.each)
            for number, text in intro.items:
                block.add(number, text)
            if intro.items:
                block.style = "num" if intro.items[0][0] is not None else "plain"
            self.blocks.append(block)
            self.block = block
        if intros and intros[-1].kind == "items" and intros[-1].items[0][0] is None:
            # A single inline call: nothing follows it but the rest of its sentence,
            # wrapped onto the next lines ("... rate for care\nworkers.").
            inline = self.block
            while (
                inline is not None
                and inline.items
                and self.i < len(self.lines)
                and (line[-1] not in ".!?;" or AND_TO_LINE.match(self.lines[self.i]))
                and self.lines[self.i]
                and parse_marker(self.lines[self.i]) is None
                and not is_noise(self.lines[self.i])
                and not find_intros(self.lines[self.i])
            ):
                line = self.lines[self.i]
                self.i += 1
                self.body.append(line)
                inline.extend(line)
            if inline is not None and inline.items:
                # ", and\nto support ...": the second call may start on a later line.
                last = inline.items.pop()
                for text in split_and_to(join_parts(last.parts)):
                    inline.add(None, text)
            self.close_block()

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
            calls = []
            for item in block.items:
                body, raw = block.body, join_parts(item.parts)
                if block.each:
                    body, raw = own_body(raw)
                text = clean_call_text(raw)
                if text:
                    calls.append((item.number, text, body))
            if not calls:
                self.warn("a call-to-action introduction is followed by no calls")
                continue
            for number, text, body in calls:
                last_number = number if number is not None else last_number + 1
                result.calls.append(ParsedCall(last_number, text, body))
        result.calls_on = next((c.addressee for c in result.calls if c.addressee), None)
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
