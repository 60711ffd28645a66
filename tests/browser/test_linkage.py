"""The review queue in a real browser: accept a candidate with the keyboard."""

from __future__ import annotations

from typing import Any

import pytest

from commonground.linkage.models import ReviewItem, ReviewStatus
from commonground.people.models import Person
from commonground.testing import PASSWORD, make_location
from tests.browser.conftest import login


@pytest.fixture
def queue(branch_a: Any, council_a: Any) -> list[ReviewItem]:
    locs = [
        make_location(council_a, "Synthetic Willows Nursing Home", postcode="BL3 1AB"),
        make_location(council_a, "Synthetic Willows Lodge", postcode="BL3 2CD"),
    ]
    items = []
    for n, text in enumerate(["Willows", "Willow lodge"]):
        person = Person.objects.create(
            branch=branch_a, full_name=f"Synthetic Queue Person {n}", workplace_text=text
        )
        items.append(
            ReviewItem.objects.create(
                person=person,
                branch=branch_a,
                workplace_text=text,
                best_score=70.0 - n,
                status=ReviewStatus.OPEN,
                candidates=[
                    {
                        "location_id": loc.pk,
                        "cqc_id": loc.cqc_id,
                        "name": loc.name,
                        "score": 70.0 - i,
                        "provider_id": None,
                        "reasons": ["name matches 70%"],
                    }
                    for i, loc in enumerate(locs)
                ],
            )
        )
    return items


@pytest.mark.django_db(transaction=True)
def test_it_accepts_a_candidate_with_the_keyboard(
    page: Any, branch_organiser_a: Any, queue: list[ReviewItem]
) -> None:
    login(page, branch_organiser_a.username, PASSWORD)
    page.goto("/linkage/")
    first, second = queue
    page.wait_for_selector(f"#review-row-{first.pk}.selected")
    page.keyboard.press("2")
    page.keyboard.press("a")
    page.wait_for_selector(f"#review-row-{first.pk}", state="detached")
    page.wait_for_selector(f"#review-panel .review-item[data-item='{second.pk}']")
    # the list selection follows the panel once htmx has settled the swap
    page.wait_for_selector(f"#review-row-{second.pk}.selected")
    first.refresh_from_db()
    assert first.status == ReviewStatus.ACCEPTED
    assert first.location is not None and first.location.name == "Synthetic Willows Lodge"
