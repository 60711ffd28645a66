"""People in a real browser: import with mapping, a one-to-one from a phone, rep scope."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from commonground.accounts.models import Role, WorkplaceAssignment
from commonground.people.models import Conversation, Person
from commonground.people.tests.conftest import make_person
from commonground.testing import PASSWORD, make_user

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The live server runs tasks inline, as a laptop without a worker would.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_import_with_mapping_preview_and_result(page, branch_organiser_a, branch_a, tmp_path):
    path = Path(tmp_path) / "branch-list.csv"
    path.write_text(
        "Member No;First name;Surname;Workplace;E-mail\n"
        "AB10001;Synthetic;One;Oakwood;one@example.invalid\n"
        "AB10002;Synthetic;Two;Oakwood;broken-email\n"
        "AB10003;Synthetic;Three;Cedar Court;\n",
        encoding="cp1252",
    )
    login(page, "branch_a", PASSWORD)
    page.goto("/people/import/new/")
    page.get_by_label("Membership or contact list").set_input_files(str(path))
    page.get_by_label("Import into branch").select_option(str(branch_a.pk))
    page.get_by_role("button", name="Upload and preview").click()
    # Preview shows the first rows; the mapping is guessed.
    page.get_by_text("AB10001").first.wait_for()
    assert page.get_by_label("Membership number").input_value() == "Member No"
    page.get_by_label("Save this mapping as a profile named").fill("Browser profile")
    page.get_by_role("button", name="Dry run (writes nothing)").click()
    page.get_by_text("Dry run result: nothing was written").wait_for()
    counts = page.get_by_test_id("import-counts")
    assert "2 accepted" in re.sub(r"\s+", " ", counts.inner_text())
    assert Person.objects.count() == 0
    page.get_by_role("button", name="Confirm and import").click()
    page.get_by_role("heading", name="Imported").wait_for()
    text = re.sub(r"\s+", " ", page.get_by_test_id("import-counts").inner_text())
    assert "3 rows read" in text and "1 rejected" in text and "2 created" in text
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the 1 rejected row")).click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "broken-email" in content and content.splitlines()[1].startswith("3,")
    assert Person.objects.filter(branch=branch_a).count() == 2


def test_log_a_one_to_one_from_a_phone(phone_page, rep_at_workplace_x, branch_a, workplace_x):
    person = make_person(
        branch_a, workplace_x, full_name="Synthetic Phone Person", number="P1000001"
    )
    login(phone_page, "rep_x", PASSWORD)
    phone_page.goto(f"/people/workplaces/{workplace_x.pk}/")
    card = phone_page.locator(f"#person-{person.pk}")
    with phone_page.expect_response(lambda r: "/assess/" in r.url):
        card.get_by_role("button", name="Assess 2").click()
    phone_page.locator(f"#person-{person.pk} .saved-note").wait_for()
    card = phone_page.locator(f"#person-{person.pk}")
    card.get_by_text("Log a one-to-one").click()
    card.get_by_label("Outcome").select_option("supportive")
    card.get_by_label("Issues (comma-separated)").fill("pay, rotas")
    card.get_by_label("Next step").fill("Bring a form")
    url_before = phone_page.url
    with phone_page.expect_response(lambda r: "/conversations/" in r.url) as response:
        card.get_by_role("button", name="Save one-to-one").click()
    assert response.value.status == 200
    # The refreshed card (swapped in place) shows the conversation.
    phone_page.locator(f"#person-{person.pk} details.quick-log:not([open])").wait_for()
    assert phone_page.url == url_before  # a partial update, no page load
    conversation = Conversation.objects.get(person=person)
    assert conversation.issues == ["pay", "rotas"] and conversation.by == rep_at_workplace_x
    person.refresh_from_db()
    assert person.assessment == 2 and person.last_contacted is not None
    # It fits a phone: no horizontal scrolling.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400


def test_a_rep_cannot_open_a_workplace_outside_their_assignment(
    page, region, branch_a, workplace_x, workplace_y
):
    rep = make_user("rep_browser", Role.REP, region, [branch_a])
    WorkplaceAssignment.objects.create(user=rep, location=workplace_x)
    make_person(branch_a, workplace_y, full_name="Synthetic Hidden Person")
    login(page, "rep_browser", PASSWORD)
    response = page.goto(f"/people/workplaces/{workplace_y.pk}/")
    assert response is not None and response.status == 404
    assert "Synthetic Hidden Person" not in page.content()
    response = page.goto(f"/people/workplaces/{workplace_x.pk}/")
    assert response is not None and response.status == 200
