"""A person's page in a browser: one form for the one-to-one, follow-ups, date inputs (issue 19,
defects 1, 2 and 9)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from commonground.people.actions import log_conversation
from commonground.people.models import Conversation, LawfulBasis, Person
from commonground.people.tests.conftest import make_person
from commonground.testing import PASSWORD

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_rep_saves_assessment_conversation_and_follow_up_in_one_go_on_a_phone(
    phone_page, rep_at_workplace_x, branch_a, workplace_x
):
    # Defect 1: the assessment chosen on the page was dropped when the one-to-one was saved.
    person = make_person(branch_a, workplace_x, full_name="Synthetic Ines Onesave", number="P1")
    follow_up = timezone.localdate() + timedelta(days=10)
    login(phone_page, "rep_x", PASSWORD)
    phone_page.goto(f"/people/{person.pk}/")
    phone_page.get_by_role("radio", name=re.compile("supportive")).check()
    phone_page.get_by_label("Outcome").select_option("supportive")
    phone_page.get_by_label("Issues raised").fill("pay, rotas")
    phone_page.get_by_label("Follow up on").fill(follow_up.isoformat())
    phone_page.get_by_role("button", name="Save one-to-one").click()
    phone_page.get_by_text("One-to-one saved.").wait_for()
    person.refresh_from_db()
    assert person.assessment == 2
    assert person.assessments.count() == 1
    conversation = Conversation.objects.get(person=person)
    assert conversation.issues == ["pay", "rotas"] and conversation.follow_up == follow_up
    assert person.follow_up_due == follow_up
    # The page shows both, and the follow-up with its year.
    history = phone_page.get_by_role("heading", name="Assessment history").locator("..")
    assert "supportive" in history.inner_text() or "2" in history.inner_text()
    assert follow_up.strftime("%Y") in phone_page.locator("main").inner_text()


def test_editing_someone_who_consented_keeps_the_consent_date(
    page, regional_organiser, branch_a, workplace_x
):
    # Defect 2: the date was written as 01/12/2026, which a date input discards.
    consented = timezone.localdate() - timedelta(days=30)
    person = make_person(
        branch_a,
        workplace_x,
        full_name="Synthetic Consenting Signup",
        lawful_basis=LawfulBasis.CONSENT,
        consent_date=consented,
        consent_wording="Synthetic: you may contact me about the union.",
    )
    login(page, "regional", PASSWORD)
    page.goto(f"/people/{person.pk}/edit/")
    assert page.get_by_label("Consent given on").input_value() == consented.isoformat()
    page.get_by_label("Job title").fill("Senior carer")
    page.get_by_role("button", name=re.compile("Save")).click()
    page.get_by_text("Saved.").wait_for()
    person.refresh_from_db()
    assert person.job_title == "Senior carer" and person.consent_date == consented


def test_follow_ups_are_not_closed_silently_nor_set_in_the_past(
    page, branch_organiser_a, branch_a, workplace_x
):
    # Defect 9: a new one-to-one closed the earlier follow-up without saying so; a follow-up
    # in 2020 was accepted; an empty one-to-one saved.
    person = make_person(branch_a, workplace_x, full_name="Synthetic Fola Followup", number="P2")
    due = timezone.localdate() + timedelta(days=5)
    log_conversation(branch_organiser_a, person, next_step="Bring a form", follow_up=due)
    login(page, "branch_a", PASSWORD)
    page.goto(f"/people/{person.pk}/")

    # Empty: nothing is saved, and the form says why.
    page.get_by_role("button", name="Save one-to-one").click()
    page.get_by_text(re.compile("Nothing to save")).wait_for()
    assert Conversation.objects.filter(person=person).count() == 1

    # A follow-up in the past is refused with a reason.
    page.get_by_label("Next step").fill("Call back")
    page.get_by_label("Follow up on").fill("2020-01-01")
    page.get_by_role("button", name="Save one-to-one").click()
    page.get_by_text(re.compile("cannot be in the past")).wait_for()
    assert Conversation.objects.filter(person=person).count() == 1

    # The open follow-up is offered, not ticked (it is not due yet), and stays open.
    later = timezone.localdate() + timedelta(days=20)
    close = page.get_by_label(re.compile("This was the follow-up due on"))
    assert not close.is_checked()
    page.get_by_label("Follow up on").fill(later.isoformat())
    page.get_by_role("button", name="Save one-to-one").click()
    page.get_by_text("One-to-one saved.").wait_for()
    person.refresh_from_db()
    assert Conversation.objects.filter(person=person, follow_up_done=False).count() == 2
    assert person.follow_up_due == due  # the earliest open one

    # Ticking it closes it: the next open follow-up becomes the one due.
    page.get_by_label("Outcome").select_option("supportive")
    page.get_by_label(re.compile("This was the follow-up due on")).check()
    page.get_by_role("button", name="Save one-to-one").click()
    page.get_by_text("One-to-one saved.").wait_for()
    person.refresh_from_db()
    assert person.follow_up_due == later


def test_the_wall_chart_shows_follow_up_dates_with_their_year(
    page, branch_organiser_a, branch_a, workplace_x
):
    due = timezone.localdate() + timedelta(days=400)
    person = make_person(branch_a, workplace_x, full_name="Synthetic Yara Yearful", number="P3")
    log_conversation(branch_organiser_a, person, next_step="Check in", follow_up=due)
    login(page, "branch_a", PASSWORD)
    page.goto(f"/people/workplaces/{workplace_x.pk}/")
    card = page.locator(f"#person-{person.pk}")
    assert f"{due.day} {due.strftime('%b')} {due.year}" in card.inner_text()
    assert Person.objects.get(pk=person.pk).follow_up_due == due
