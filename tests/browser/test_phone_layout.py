"""Pages read on a 390 px phone without sideways scrolling or text cut off: filters whose
choices show in full, and tables that stack into one card per row."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from commonground.alliances.models import Affiliation, Partner, PartnerType
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


# The tables of a page that scroll sideways inside their frame (the phone-width walk's check).
SCROLLING_TABLES = """() => [...document.querySelectorAll("main table")].filter(t => {
  if (!t.checkVisibility() || t.closest("table.grid")) return false;
  const box = t.parentElement.classList.contains("table-wrap") ? t.parentElement : t;
  return box.scrollWidth > box.clientWidth + 1;
}).length"""


def test_the_register_and_density_tables_stack_into_cards_on_a_phone(
    phone_page: Any, regional_organiser: Any, workplace_x: Any
) -> None:
    """The register's list scrolled its provider and status columns out of sight at 390 px, and
    the density table its figures: each row is now a card with its figures named."""
    workplace_x.name = "Synthetic Hollins Park Residential and Nursing Care Home"
    workplace_x.save()
    login(phone_page, "regional", PASSWORD)
    for url in ("/register/", "/density/", "/density/location/", "/register/coverage/"):
        phone_page.goto(url)
        assert phone_page.evaluate(SCROLLING_TABLES) == 0, url
    phone_page.goto("/density/location/")
    cell = phone_page.locator("table.density-table tbody tr").first.locator("td").last
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Reps"'


def test_the_affiliation_matrix_keeps_its_branch_column_in_view_on_a_phone(
    phone_page: Any, regional_organiser: Any, branch_a: Any
) -> None:
    """The one kind of table that keeps its columns on a phone (a grid read across and down):
    it scrolls, and the row's name stays put at the left edge while the figures pass under."""
    for n in range(8):
        partner = Partner.objects.create(
            region=branch_a.region, name=f"Synthetic Partner {n}", kind=PartnerType.BROAD_BASED
        )
        Affiliation.objects.create(branch=branch_a, partner=partner, status="active")
    login(phone_page, "regional", PASSWORD)
    phone_page.goto("/alliances/affiliations/")
    table = phone_page.get_by_test_id("matrix")
    heading = table.locator("tbody th").first
    before = heading.bounding_box()["x"]
    table.evaluate("t => { t.parentElement.scrollLeft = 400; }")
    assert heading.bounding_box()["x"] == before


def test_the_erase_reasons_read_in_full_on_a_phone(
    phone_page: Any, admin: Any, branch_a: Any
) -> None:
    """A select cut "The person asked to be erased (Art. 17)" short at 390 px; the reasons are
    now buttons whose words wrap."""
    person = Person.objects.create(branch=branch_a, full_name="Synthetic Erin Example")
    login(phone_page, "admin", PASSWORD)
    phone_page.goto(f"/people/{person.pk}/erase/")
    assert phone_page.evaluate(CUT_SELECTS, "main select") == []
    for words in (
        "The person asked to be erased (Art. 17)",
        "The person objected and there is no overriding reason to keep it",
    ):
        choice = phone_page.get_by_label(words)
        assert choice.is_visible()
        box = phone_page.get_by_text(words).bounding_box()
        assert box["x"] + box["width"] <= 390, words


def test_the_sender_choice_reads_in_full_on_a_phone(
    phone_page: Any, admin: Any, branch_organiser_a: Any
) -> None:
    """The organiser select showed "branch_a (Branch organiser / secretary)" cut off: the role
    is now the heading of a group of choices."""
    login(phone_page, "admin", PASSWORD)
    phone_page.goto("/outreach/senders/")
    assert phone_page.evaluate(CUT_SELECTS, "main select") == []
    group = phone_page.locator("select[name=user] optgroup").first
    assert group.get_attribute("label") == "Branch organiser / secretary"
