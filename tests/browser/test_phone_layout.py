"""Pages read on a 390 px phone without sideways scrolling or text cut off: filters whose
choices show in full, and tables that stack into one card per row."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from commonground.motions.models import Motion
from commonground.people.models import Person
from commonground.testing import PASSWORD
from tests.browser.conftest import CUT_SELECTS, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_submission_filters_show_each_choice_in_full_on_a_phone(
    phone_page: Any, branch_organiser_a: Any
) -> None:
    login(phone_page, "branch_a", PASSWORD)
    phone_page.goto("/pages/submissions/")
    assert phone_page.get_by_label("Showing").input_value() == ""  # answers with contact details
    assert phone_page.evaluate(CUT_SELECTS, "form.filters select") == []
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_motions_table_stacks_into_cards_on_a_phone(
    phone_page: Any, branch_organiser_a: Any
) -> None:
    Motion.objects.create(
        title="Home care: time to care, time to travel",
        conference="2025 Community Service Group Conference",
        date=datetime.date(2025, 4, 18),
        decision="carried as amended",
    )
    login(phone_page, "branch_a", PASSWORD)
    phone_page.goto("/motions/")
    table = phone_page.get_by_test_id("motions")
    # Nothing to scroll sideways: the table fits its box.
    wrap = table.evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert wrap[0] <= wrap[1], wrap
    # Each value sits under its column's name, on the row's card.
    row = table.locator("tbody tr").first
    decision = row.locator("td", has_text="Carried as amended")
    label = decision.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Decision"'
    assert (
        not table.locator("thead").is_visible()
        or table.locator("thead").bounding_box()["height"] <= 1
    )


def test_the_people_list_stacks_into_cards_on_a_phone(
    phone_page: Any, rep_at_workplace_x: Any, branch_a: Any, workplace_x: Any
) -> None:
    """A rep reads their workplace's people on a phone: one card a person, no sideways
    scrolling (the assessment column was cut off at the right edge)."""
    for name in ("Synthetic Ada Longname-Fakeby", "Synthetic Bo Example"):
        Person.objects.create(branch=branch_a, location=workplace_x, full_name=name)
    login(phone_page, "rep_x", PASSWORD)
    phone_page.goto("/people/")
    table = phone_page.locator("table.people-table")
    wrap = table.evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert wrap[0] <= wrap[1], wrap
    cell = table.locator("tbody tr").first.locator("td").nth(2)
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Workplace"'
