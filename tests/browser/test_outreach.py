"""Outreach in a real browser: a list from filters, a phone bank worked on a phone, two
callers at once, a send through the console backend, and unsubscribing from its link."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from commonground.outreach import actions
from commonground.outreach.models import Message, Suppression
from commonground.outreach.tests.conftest import make_person
from commonground.people.models import Conversation, Person
from commonground.testing import PASSWORD

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def inline_tasks(settings):
    # The live server runs tasks inline, as a laptop without a worker would.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


@pytest.fixture(autouse=True)
def patient(request):
    # Eight engineers share two cores: give slow pages time (the default is 15 s).
    for name in ("page", "phone_page"):
        if name in request.fixturenames:
            request.getfixturevalue(name).set_default_timeout(90_000)


@pytest.fixture
def people(branch_a, workplace_x):
    return [
        make_person(
            branch_a,
            f"Synthetic Browser Person {i}",
            location=workplace_x,
            phone=f"+4477009002{i:02d}",
            email=f"browser{i}@example.invalid",
        )
        for i in range(4)
    ]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_build_a_list_give_it_to_a_rep_and_work_it_on_a_phone(
    page, phone_page, branch_organiser_a, rep_at_workplace_x, branch_a, workplace_x, people
):
    login(page, "branch_a", PASSWORD)
    page.goto("/outreach/lists/new/")
    page.get_by_label("Name").fill("Hollins Park ring-round")
    page.locator("#id_workplace").select_option(str(workplace_x.pk))
    page.get_by_test_id("list-size").filter(has_text="4 people match now").wait_for()
    page.get_by_label("3 — undecided").check()
    page.get_by_test_id("list-size").filter(has_text="0 people match now").wait_for()
    page.get_by_label("3 — undecided").uncheck()
    page.get_by_role("button", name="Save list").click()
    page.get_by_role("heading", name="4 people now").wait_for()

    page.get_by_role("link", name="Give to callers").click()
    page.get_by_label("Title").fill("Pay ring-round")
    page.get_by_label("Script").fill("Hi {first_name}, it's the union about pay at {workplace}.")
    page.get_by_label("rep_x").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_test_id("progress").wait_for()

    login(phone_page, "rep_x", PASSWORD)
    phone_page.goto("/outreach/")
    phone_page.get_by_role("link", name="Start calling").click()
    first = phone_page.get_by_test_id("person-name").inner_text()
    tel = phone_page.get_by_test_id("tel-link")
    assert re.match(r"tel:\+4477009002\d\d", tel.get_attribute("href") or "")
    phone_page.get_by_text("about pay at Synthetic Hollins Park").wait_for()
    assert no_sideways_scroll(phone_page)
    phone_page.screenshot(path="/tmp/cg-outreach-caller-phone.png", full_page=True)
    follow_up = timezone.localdate() + datetime.timedelta(days=7)
    phone_page.get_by_label("2 — supportive").check()
    phone_page.get_by_label("Follow-up").fill(follow_up.isoformat())
    phone_page.get_by_label("Notes").fill("Wants a meeting about rotas")
    phone_page.get_by_role("button", name="Had a conversation").click()
    phone_page.get_by_text("Saved. Here is the next person.").wait_for()
    second = phone_page.get_by_test_id("person-name").inner_text()
    assert second != first
    person = Person.objects.get(full_name=first)
    assert person.assessment == 2 and person.follow_up_due == follow_up
    assert Conversation.objects.get(person=person).notes == "Wants a meeting about rotas"

    page.reload()
    progress = re.sub(r"\s+", " ", page.get_by_test_id("progress").inner_text())
    assert "1 conversations" in progress and "1 assessments moved" in progress


def test_two_callers_never_see_the_same_person(
    browser, live_server, branch_organiser_a, rep_at_workplace_x, branch_a, people
):
    target = actions.save_list(branch_organiser_a, None, name="All", branch=branch_a, filters={})
    assignment = actions.save_assignment(
        branch_organiser_a,
        None,
        {"title": "Both of us", "target_list": target, "script": "Hello"},
        [branch_organiser_a, rep_at_workplace_x],
    )
    names = []
    contexts = []
    for username in ("rep_x", "branch_a"):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
        )
        contexts.append(context)
        pg = context.new_page()
        pg.set_default_timeout(90_000)
        login(pg, username, PASSWORD)
        pg.goto(f"/outreach/calls/{assignment.pk}/call/")
        names.append(pg.get_by_test_id("person-name").inner_text())
        # Reloading keeps the same person held: nobody is handed a second one.
        pg.reload()
        assert pg.get_by_test_id("person-name").inner_text() == names[-1]
    for context in contexts:
        context.close()
    assert len(set(names)) == 2


def test_send_an_email_see_each_status_and_unsubscribe(
    page, browser, live_server, branch_organiser_a, admin, branch_a, people
):
    for person in people[:3]:
        actions.record_consent(
            None, person, "email", granted=True, wording="Email me", source="form"
        )
    actions.grant_sender(admin, branch_organiser_a, active=True)
    actions.save_list(branch_organiser_a, None, name="Everyone", branch=branch_a, filters={})
    actions.save_template(
        branch_organiser_a,
        None,
        {
            "name": "Pay survey",
            "channel": "email",
            "purpose": "campaigning",
            "subject": "Pay, {first_name}",
            "body": "Hello {first_name}",
        },
        branch=branch_a,
    )
    login(page, "branch_a", PASSWORD)
    page.goto("/outreach/sends/new/")
    page.get_by_label("Template").select_option(label="Pay survey")
    page.get_by_label("List").select_option(label="Everyone")
    page.get_by_role("button", name="Prepare the send").click()
    page.get_by_role("heading", name="3 people may be sent this now").wait_for()
    page.get_by_test_id("send").click()
    page.get_by_text("Sending started.").wait_for()
    page.reload()
    assert page.get_by_test_id("mailing-status").inner_text() == "Sent"
    table = page.get_by_test_id("recipients")
    assert table.locator("tbody").get_by_text("Sent", exact=True).count() == 3
    page.screenshot(path="/tmp/cg-outreach-send.png", full_page=True)

    message = Message.objects.get(address=people[0].email)
    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.set_default_timeout(90_000)
    visitor.goto(f"/outreach/u/{message.token}/")
    visitor.get_by_role("button", name="Unsubscribe").click()
    visitor.get_by_test_id("unsubscribed").wait_for()
    visitor.context.close()

    page.goto(f"/outreach/suppression/?q={people[0].email}")
    page.get_by_role("cell", name=people[0].email).wait_for()
    assert Suppression.objects.get().reason == "unsubscribed"
    page.goto(f"/outreach/sends/{message.mailing_id}/?status=unsubscribed")
    assert page.get_by_test_id("recipients").get_by_text("Unsubscribed").count() == 1
