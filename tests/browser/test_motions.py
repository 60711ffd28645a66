from __future__ import annotations

import pytest

from commonground.motions.models import Motion
from commonground.testing import PASSWORD
from tests.browser.conftest import login

PAGE = """Back to all Motions
Fair pay for sleep-in shifts
Conference
2025 Community Service Group Conference
Decision
Carried

Conference calls on the Service Group Executive to:
1.Campaign for every sleep-in hour to be paid;
2) Publish a model claim for branches.
"""


@pytest.mark.django_db(transaction=True)
def test_an_organiser_imports_a_motion_and_records_progress(page, branch_organiser_a):
    login(page, "branch_a", PASSWORD)
    page.wait_for_url("**/dashboard/**")
    page.goto("/motions/")
    page.get_by_role("link", name="Import a motion").click()
    page.get_by_label("Paste the motion page").fill(PAGE)
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_test_id("preview")
    assert "Fair pay for sleep-in shifts" in preview.inner_text()
    assert "missing" in preview.inner_text()  # no date on this page
    assert not Motion.objects.exists()
    page.get_by_role("button", name="Save this motion").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Fair pay for sleep-in shifts"
    call = page.locator("#call-2")
    call.get_by_text("Record progress").click()
    call.get_by_label("Status").select_option("done")
    call.get_by_label("What happened").fill("Model claim published")
    call.get_by_role("button", name="Record").click()
    assert "Done" in page.locator("#call-2").inner_text()
    page.goto("/motions/")
    assert "1 / 2" in page.get_by_test_id("motions").inner_text()
