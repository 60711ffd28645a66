from __future__ import annotations

import re

import pytest

from commonground.charters.models import Commitment, Target
from commonground.charters.seed import seed_charters
from commonground.register.models import Boundary, Council
from commonground.testing import PASSWORD
from tests.browser.conftest import login

BOLTON_SHAPE = {
    "type": "Polygon",
    "coordinates": [[[-2.6, 53.53], [-2.35, 53.53], [-2.35, 53.65], [-2.6, 53.65], [-2.6, 53.53]]],
}


@pytest.mark.django_db(transaction=True)
def test_a_council_goes_from_not_approached_to_signed_and_onto_the_public_scoreboard(
    page, browser, live_server, regional_organiser, branch_a, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    seed_charters()
    bolton = Council.objects.get(ons_code="E08000001")
    Boundary.objects.create(council=bolton, geojson=BOLTON_SHAPE)
    login(page, "regional", PASSWORD)
    page.wait_for_url("**/dashboard/**")

    # Make the region's councils targets, and give Bolton its contact of record.
    page.goto("/charters/targets/")
    page.get_by_role("button", name=re.compile("Add every North West council")).click()
    Target.objects.filter(council=bolton).update(
        contact_name="Cllr Test Leader", contact_email="leader@bolton.example.invalid"
    )

    # The map starts with Bolton not approached.
    page.goto("/charters/map/?charter=ethical-care")
    page.locator("#charter-map.map-ready").wait_for()
    assert page.locator("path.status-not_approached").count() >= 1
    assert "Signed: 0" in page.get_by_test_id("legend").inner_text()

    # A generated letter, recorded as sent.
    page.goto("/charters/targets/?q=Bolton")
    page.get_by_role("link", name="Bolton", exact=True).click()
    page.get_by_role("link", name="Write a letter").click()
    page.get_by_label("Signed by").fill("Test Secretary, Branch secretary")
    page.get_by_role("button", name="Generate letter").click()
    letter = page.get_by_test_id("letter")
    assert "Dear Cllr Test Leader" in letter.inner_text()
    assert "Real Living Wage" in letter.inner_text()
    with page.expect_response(re.compile(r"letter\.pdf$")) as pdf:
        page.evaluate(
            "url => fetch(url)", page.get_by_role("link", name="PDF").get_attribute("href")
        )
    assert pdf.value.body().startswith(b"%PDF")
    page.get_by_role("button", name="Record as sent").click()
    assert "Letter sent" in page.get_by_test_id("current-status").inner_text()

    # Meeting, then signed, each a dated step.
    for status, label in (("meeting_held", "Meeting held"), ("signed", "Signed")):
        form = page.locator("form.status-form")
        form.get_by_label("New status").select_option(status)
        form.get_by_label("Note").fill(f"{label} (browser test)")
        form.get_by_role("button", name="Record status").click()
        assert label in page.get_by_test_id("current-status").inner_text()
    trail = page.locator("#trail").inner_text()
    for step in ("Letter sent", "Meeting held", "Signed"):
        assert step in trail

    # Compliance evidence with a file.
    evidence = tmp_path / "contract-clause.pdf"
    evidence.write_bytes(b"%PDF-1.4 synthetic")
    form = page.locator("#compliance form")
    form.get_by_label("Commitment").select_option(
        str(Commitment.objects.get(charter__slug="ethical-care", number="3").pk)
    )
    form.get_by_label("Compliance").select_option("met")
    form.get_by_label("Note").fill("Travel time paid under clause 4.2")
    form.get_by_label("File").set_input_files(str(evidence))
    form.get_by_role("button", name="Record evidence").click()
    row = page.locator("tr[data-commitment='3']")
    assert "Met" in row.inner_text()
    assert "contract-clause.pdf" in row.inner_text()

    # The map changes colour.
    page.goto("/charters/map/?charter=ethical-care")
    page.locator("#charter-map.map-ready").wait_for()
    assert page.locator("path.status-signed").count() == 1
    assert "Signed: 1" in page.get_by_test_id("legend").inner_text()

    # Publish the scoreboard and view it logged out.
    page.goto("/charters/scoreboard/?charter=ethical-care")
    page.get_by_role("button", name="Publish the public scoreboard").click()
    assert "Published" in page.content()
    anonymous = browser.new_context(base_url=live_server.url)
    public = anonymous.new_page()
    public.goto("/charters/public/ethical-care/")
    table = public.get_by_test_id("public-scoreboard").inner_text()
    assert re.search(r"Bolton\s+Council\s+Signed", table)
    body = public.content()
    for personal in ("Cllr Test Leader", "leader@bolton", "browser test", "regional"):
        assert personal not in body
    public.locator("#charter-map.map-ready").wait_for()
    assert public.locator("path.status-signed").count() == 1
    anonymous.close()
