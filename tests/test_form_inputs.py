"""Form inputs: dates in the ISO form browsers read (``lib.widgets``), and every kind of box
the pages use drawn by the style sheet."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from commonground.outreach.forms import OutcomeForm, ScheduleForm

ROOT = Path(__file__).resolve().parents[1] / "commonground"
TYPING = {"text", "search", "email", "tel", "url", "number", "password", "date", "time"}
TYPING |= {"datetime-local"}


def test_a_date_and_time_input_holds_its_value_in_the_form_a_browser_reads():
    when = dt.datetime(2026, 12, 2, 14, 30)
    outcome = OutcomeForm(initial={"call_back_at": when, "follow_up": when.date()})
    html = str(outcome["call_back_at"]) + str(outcome["follow_up"])
    assert 'value="2026-12-02T14:30"' in html and 'value="2026-12-02"' in html
    schedule = str(ScheduleForm(initial={"when": when})["when"])
    assert 'type="datetime-local"' in schedule and 'value="2026-12-02T14:30"' in schedule


def test_no_form_builds_a_date_input_of_its_own():
    """``forms.DateInput(attrs={"type": "date"})`` writes ``02/12/2026`` for en-GB, which the
    browser throws away: an edit form then posts an empty date."""
    own = re.compile(r"forms\.(DateInput|DateTimeInput|TimeInput)\(")
    found = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and path.name != "widgets.py" and own.search(path.read_text())
    ]
    assert not found


def test_the_style_sheet_draws_every_kind_of_box_the_pages_use():
    used = set()
    for path in list(ROOT.rglob("*.html")) + list(ROOT.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'<input[^>]*\btype="([a-z-]+)"', text))
        used |= set(re.findall(r'input_type = "([a-z-]+)"', text))
    css = (ROOT / "static" / "commonground" / "site.css").read_text(encoding="utf-8")
    styled = set(re.findall(r"input\[type=([a-z-]+)\]", css))
    assert used & TYPING, used
    assert (used & TYPING) - styled == set()
