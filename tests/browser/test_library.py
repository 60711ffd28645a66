from __future__ import annotations

import pytest

from commonground.library.models import Item, Tag
from commonground.testing import PASSWORD
from tests.browser.conftest import login


@pytest.mark.django_db(transaction=True)
def test_an_organiser_writes_finds_publishes_and_the_public_reads(page, regional_organiser):
    Tag.objects.create(category="theme", slug="privatisation", name="Privatisation")
    regional_organiser.first_name, regional_organiser.last_name = "Rhiannon", "Realname"
    regional_organiser.save()
    login(page, "regional", PASSWORD)
    page.wait_for_url("**/dashboard/**")
    page.goto("/library/")
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Kind").select_option("briefing")
    page.get_by_label("Title").fill("Keep care public")
    page.get_by_label("Summary").fill("Why outsourcing home care costs workers.")
    page.get_by_label("Body (Markdown)").fill(
        "## Lines to take\n\nInsourcing keeps **money** local."
    )
    page.get_by_label("Privatisation").check()
    page.get_by_label("Public byline").fill("North West organising team")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".prose strong").inner_text() == "money"

    page.goto("/library/")
    page.get_by_role("search").get_by_label("Search").fill("insourc")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    assert "Keep care public" in page.get_by_test_id("results").inner_text()

    page.get_by_role("link", name="Keep care public").click()
    page.get_by_role("button", name="Publish").click()
    assert Item.objects.get().is_public
    public_url = page.get_by_test_id("public-link").get_attribute("href")
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()
    page.goto(public_url)
    assert page.get_by_role("heading", level=1).inner_text() == "Keep care public"
    assert page.get_by_test_id("credit").inner_text().startswith("North West organising team")
    assert "Realname" not in page.content()


@pytest.mark.django_db(transaction=True)
def test_the_print_view_has_no_navigation(page, viewer, regional_organiser):
    from commonground.library.actions import save_item

    item = save_item(
        regional_organiser,
        Item(kind="template", title="Letter to a councillor", summary="A letter."),
        tags=[],
    )
    login(page, "viewer", PASSWORD)
    page.wait_for_url("**/dashboard/**")
    page.goto(f"/library/{item.pk}/")
    page.get_by_role("link", name="Print").click()
    page.wait_for_url("**/print/")
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    assert not page.locator(".no-print").first.is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Letter to a councillor"
