"""Every box a person types into looks like every other (issue 19): the audit trail's action
box had no type and was drawn by the browser's own small style, as were the phone, time and
date-and-time boxes of the phone and text banks."""

from __future__ import annotations

import pytest

from commonground.testing import PASSWORD

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_audit_filters_are_boxes_of_one_size(page, admin):
    login(page, "admin", PASSWORD)
    page.goto("/audit/")
    sizes = page.eval_on_selector_all(
        "form.filters input",
        "els => els.map(e => [e.name, Math.round(e.getBoundingClientRect().height),"
        " getComputedStyle(e).borderTopColor])",
    )
    assert len(sizes) == 5
    assert len({(h, colour) for _name, h, colour in sizes}) == 1, sizes


def test_the_browser_reads_dates_day_first_and_the_page_names_its_language(page, admin):
    """The browser tests run as a British organiser's browser: a date box takes (and shows)
    the day first, as dd/mm/yyyy, and the page says it is in British English."""
    login(page, "admin", PASSWORD)
    page.goto("/audit/")
    box = page.get_by_label("From")
    box.focus()
    page.keyboard.type("02122026")  # the box's fields in the order it shows them
    assert box.input_value() == "2026-12-02", "the date box reads month first: en-US, not en-GB"
    assert page.evaluate("navigator.language") == "en-GB"
    assert page.evaluate("document.documentElement.lang") == "en-gb"
