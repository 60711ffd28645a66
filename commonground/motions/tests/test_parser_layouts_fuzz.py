"""Motions built from the layouts real pages use, in random combinations (hypothesis).

Each example is a motion whose parts are known: metadata labelled, on bare lines or
absent; page navigation around it; one or two blocks of calls, each introduced by
"calls on X to:", "calls on X:", "instructs X to:" or "asks X to:", numbered in any of
the styles pages use, with or without a space, some calls wrapped over two lines, some
with sub-points under a colon ("press for:", "a) X;", "b) Y"), which stay in their call.
Metadata may also come as a definition list pasted with its bullets ("- Conference") or
with labels in Welsh and English ("Dyddiad / Date:"); and the preamble may sit in a left
column beside the calls, as a two-column PDF's text does. The parser must give back every
call, its addressee, and the metadata.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground.motions.parser import parse_motion

pytestmark = pytest.mark.fuzz

TITLES = ["Sleep-in pay", "Travel time in home care", "Safe staffing at night", "Fair rotas"]
CONFERENCES = ["National Delegate", "Community", "Local Government", "Health"]
ADDRESSEES = [
    "the National Executive Council",
    "the Service Group Executive",
    "the Community Service Group Executive",
    "regions and branches",
    "the General Council",
]
VERBS = ["campaign for", "publish", "survey members on", "press employers for", "report on"]
OBJECTS = [
    "paid travel time between visits",
    "a model sleep-in policy",
    "lone working at night",
    "the real living wage in every contract",
    "uniform allowances",
]
DECISIONS = [("Carried", "carried"), ("Carried as Amended", "carried as amended"), ("Lost", "lost")]
NOISE_TOP = ["Skip to main content", "Menu", "Search", "Home > Policy > Motions", "Log in"]
NOISE_BOTTOM = ["Share this", "Facebook", "Twitter", "Print this page", "Back to top"]
ROMAN = ["i", "ii", "iii", "iv"]


def marker(style: str, k: int) -> str:
    letter, roman = "abcd"[k], ROMAN[k]
    return {
        "1.": f"{k + 1}. ",
        "1.nospace": f"{k + 1}.",
        "1)": f"{k + 1}) ",
        "1)nospace": f"{k + 1})",
        "(1)": f"({k + 1}) ",
        "a)": f"{letter}) ",
        "a)nospace": f"{letter})",
        "(a)": f"({letter}) ",
        "i.": f"{roman}. ",
        "i)nospace": f"{roman})",
        "•": "• ",
        "•nospace": "•",
        "-": "- ",
        "·": "· ",
        "➔": "➔ ",
        "●": "●",
        "private": "\uf0b7 ",  # a Symbol-font bullet, as a PDF or Word file gives it
    }[style]


def format_date(d: dt.date, style: int) -> str:
    return [
        f"{d.day} {d:%B %Y}",
        f"{d:%A} {d.day} {d:%B %Y}",
        f"{d:%d/%m/%Y}",
        d.isoformat(),
        f"{d:%B} {d.day}, {d.year}",
    ][style]


@st.composite
def motions(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    lines: list[str] = []
    if draw(st.booleans()):
        lines += draw(st.lists(st.sampled_from(NOISE_TOP), max_size=3))
    title = draw(st.sampled_from(TITLES))
    day = draw(st.dates(dt.date(2010, 1, 1), dt.date(2026, 12, 31)))
    conference = f"{day.year} {draw(st.sampled_from(CONFERENCES))} Conference"
    shown, decision = draw(st.sampled_from(DECISIONS))
    date_text = format_date(day, draw(st.integers(0, 4)))
    meta = draw(
        st.sampled_from(["own-lines", "inline", "bare", "strip", "pdf", "none", "dl", "bilingual"])
    )
    # An agenda's number or a TUC code before the title.
    prefix = draw(st.sampled_from(["", "", "41. ", "C07 ", "Motion 12: "]))
    running_header = f"{conference}        Final Agenda"
    lines += ["", f"{prefix}{title}", ""]
    if meta == "strip":
        lines += [f"{conference} · {date_text}", shown]
    elif meta == "pdf":
        lines[-3:-3] = [running_header]
        lines += [date_text, shown]
    elif meta == "own-lines":
        lines += ["Conference", conference, "Date", date_text, "Decision", shown]
    elif meta == "inline":
        lines += [f"Conference: {conference}", f"Date: {date_text}", f"Decision: {shown}"]
    elif meta == "bare":
        lines += [conference, date_text, shown]
    elif meta == "dl":
        lines += ["- Conference", f"- {conference}", "- Date", f"- {date_text}"]
        lines += ["- Decision", f"- {shown}"]
    elif meta == "bilingual":
        lines += [f"Cynhadledd / Conference: {conference}", f"Dyddiad / Date: {date_text}"]
        lines += [f"Penderfyniad / Decision: {shown}"]
    notes = "Conference notes that care workers are often paid below the legal minimum."
    # Two columns: the preamble on the left, the calls on the right (one block only).
    columns = meta != "pdf" and draw(st.booleans())
    if not columns:
        lines += ["", notes, ""]
    body_start = len(lines)
    calls: list[tuple[str, str]] = []
    blocks = 1 if columns else draw(st.integers(1, 2))
    for b in range(blocks):
        who = draw(st.sampled_from(ADDRESSEES))
        verb = draw(st.sampled_from(["calls on", "calls upon", "instructs", "asks"]))
        subject = "Conference" if b == 0 else "Conference further"
        colon_only = verb in ("calls on", "instructs") and draw(st.booleans())
        lines.append(f"{subject} {verb} {who}:" if colon_only else f"{subject} {verb} {who} to:")
        style = draw(
            st.sampled_from(
                [
                    "1.",
                    "1.nospace",
                    "1)",
                    "1)nospace",
                    "(1)",
                    "a)",
                    "a)nospace",
                    "(a)",
                    "i.",
                    "i)nospace",
                    "•",
                    "•nospace",
                    "-",
                    "·",
                    "➔",
                    "●",
                    "private",
                ]
            )
        )
        n = draw(st.integers(2 if columns else 1, 4))
        for k in range(n):
            text = f"{draw(st.sampled_from(VERBS))} {draw(st.sampled_from(OBJECTS))}"
            written = f"to {text}" if colon_only else text
            end = "; and" if k == n - 2 else ";" if k < n - 1 else "."
            if draw(st.booleans()):
                # Sub-points under a colon, marked in another style: they stay in the call.
                sub = "i." if style in ("a)", "a)nospace", "(a)") else "a)"
                firsts = [draw(st.sampled_from(OBJECTS)) for _ in range(2)]
                lines += [f"{marker(style, k)}{written}:", f"{marker(sub, 0)}{firsts[0]};"]
                lines.append(f"{marker(sub, 1)}{firsts[1]}{end}")
                subs = f"{marker(sub, 0)}{firsts[0]}; {marker(sub, 1)}{firsts[1]}"
                calls.append((f"{text}: {subs}", who))
                continue
            if draw(st.booleans()) and " " in written:
                # Wrapped: the call goes on to the next line.
                head, _, tail = written.rpartition(" ")
                lines += [f"{marker(style, k)}{head}", f"{tail}{end}"]
            else:
                lines.append(f"{marker(style, k)}{written}{end}")
            calls.append((text, who))
            if meta == "pdf" and k == 0 and n > 1:
                # A page break inside the list: page number, then the running header.
                lines += ["", "\f12", running_header, ""]
        lines.append("")
    if columns:
        # pdftotext -layout: the notes wrapped into a left column, the calls to its right.
        right = [line for line in lines[body_start:] if line]
        left = ["Conference notes that care", "workers are often paid", "below the legal minimum."]
        width = max(len(line) for line in left) + draw(st.integers(3, 8))
        rows = [""] * max(len(left), len(right))
        for index in range(len(rows)):
            cell = left[index] if index < len(left) else ""
            beside = right[index] if index < len(right) else ""
            rows[index] = f"{cell:<{width}}{beside}".rstrip()
        lines[body_start:] = ["", *rows, ""]
    if draw(st.booleans()):
        lines += draw(st.lists(st.sampled_from(NOISE_BOTTOM), max_size=3))
    if draw(st.booleans()) and meta != "pdf":
        # Forwarded by e-mail: every line quoted.
        lines = [f"> {line}".rstrip() for line in lines]
    expected: dict[str, object] = {"title": title, "calls": calls}
    if meta != "none":
        expected.update(conference=conference, date=day.isoformat(), decision=decision)
    return "\n".join(lines), expected


@settings(deadline=None, max_examples=300)
@given(motions())
def test_it_reads_every_call_and_its_addressee_in_any_layout(
    example: tuple[str, dict[str, object]],
) -> None:
    text, expected = example
    got = parse_motion(text)
    assert [(c.text, c.addressee) for c in got.calls] == expected["calls"], text
    assert got.title == expected["title"], text
    for key in ("conference", "date", "decision"):
        if key in expected:
            value = got.to_json()[key]
            assert value == expected[key], text
