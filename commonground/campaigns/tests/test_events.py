from __future__ import annotations

import pytest
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.campaigns import actions
from commonground.campaigns.models import Event, EventSignup

SIGNUP = {
    "name": "Synthetic Signup Person",
    "email": "signup@example.invalid",
    "phone": "",
    "workplace": "Hollins Pk",
    "lawful_basis": "consent",
    "consent_wording": "I agree the union may contact me.",
    "consent": "on",
}


@pytest.mark.django_db
def test_an_organiser_adds_an_event_and_records_the_outcome(
    client, branch_organiser_a, campaign, branch_a
):
    client.force_login(branch_organiser_a)
    response = client.post(
        reverse("campaigns:event-create"),
        {
            "campaign": campaign.pk,
            "kind": "lobby",
            "title": "Lobby of the council",
            "starts_at": "2025-07-01T18:00",
            "branch": branch_a.pk,
            "status": "planned",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert Entry.objects.filter(action="campaigns.event.created").exists()
    form = {
        "campaign": campaign.pk,
        "kind": "lobby",
        "title": "Lobby of the council",
        "starts_at": "2025-07-01T18:00",
        "branch": branch_a.pk,
        "status": "held",
        "headcount": "42",
        "outcomes": "Leader agreed to meet",
        "media_links": "https://example.org/report",
    }
    client.post(reverse("campaigns:event-edit", args=[event.pk]), form)
    event.refresh_from_db()
    assert event.status == "held" and event.headcount == 42
    changed = Entry.objects.get(action="campaigns.event.changed").data["changes"]
    assert changed["headcount"] == {"from": "None", "to": "42"}


@pytest.mark.django_db
def test_it_records_a_sign_up_with_consent_and_no_personal_data_in_the_audit(
    client, branch_organiser_a, event
):
    client.force_login(branch_organiser_a)
    response = client.post(reverse("campaigns:event-signup", args=[event.pk]), SIGNUP)
    assert response.status_code == 302
    signup = EventSignup.objects.get()
    assert signup.name == "Synthetic Signup Person"
    assert signup.consent_wording == "I agree the union may contact me."
    assert signup.consented_at is not None and signup.lawful_basis == "consent"
    entry = Entry.objects.get(action="campaigns.eventsignup.created")
    assert entry.actor == branch_organiser_a
    assert "Synthetic" not in str(entry.data) + entry.subject_label
    assert "signup@" not in str(entry.data)


@pytest.mark.django_db
def test_a_sign_up_needs_consent_and_a_contact(client, branch_organiser_a, event):
    client.force_login(branch_organiser_a)
    url = reverse("campaigns:event-signup", args=[event.pk])
    client.post(url, {**SIGNUP, "consent": ""})
    client.post(url, {**SIGNUP, "email": "", "phone": ""})
    assert not EventSignup.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona,code", [("viewer", 403), ("rep_at_workplace_x", 403), ("outsider_branch_b", 404)]
)
def test_others_cannot_sign_people_up(client, personas, persona, code, event):
    client.force_login(personas[persona])
    assert (
        client.post(reverse("campaigns:event-signup", args=[event.pk]), SIGNUP).status_code == code
    )
    assert not EventSignup.objects.exists()


@pytest.mark.django_db
def test_it_rejects_the_wrong_method(client, branch_organiser_a, event):
    client.force_login(branch_organiser_a)
    assert client.put(reverse("campaigns:event-signup", args=[event.pk])).status_code == 405
    assert client.post(reverse("campaigns:event-detail", args=[event.pk])).status_code == 405


@pytest.mark.django_db
def test_only_those_who_see_people_see_sign_ups_and_the_view_is_audited(client, personas, event):
    actions.record_signup(
        None,
        event,
        name="Synthetic Signup Person",
        email="s@example.invalid",
        lawful_basis="consent",
        consent_wording="ok",
    )
    url = reverse("campaigns:event-detail", args=[event.pk])
    for persona in ("viewer", "outsider_branch_b"):
        client.force_login(personas[persona])
        body = client.get(url).content.decode()
        assert "Synthetic Signup Person" not in body
    assert not Entry.objects.filter(action="campaigns.eventsignup.viewed").exists()
    client.force_login(personas["branch_organiser_a"])
    assert "Synthetic Signup Person" in client.get(url).content.decode()
    entry = Entry.objects.get(action="campaigns.eventsignup.viewed")
    assert entry.actor == personas["branch_organiser_a"]


@pytest.mark.django_db
def test_a_sign_up_becomes_a_contact_once_it_commits(event, django_capture_on_commit_callbacks):
    from commonground.people.models import Person

    with django_capture_on_commit_callbacks(execute=True):
        signup = actions.record_signup(
            None,
            event,
            name="Synthetic Signup Contact",
            phone="0700",
            lawful_basis="consent",
            consent_wording="ok",
        )
    signup.refresh_from_db()
    person = Person.objects.get(full_name="Synthetic Signup Contact")
    assert signup.person == person and person.branch == event.branch
    assert person.lawful_basis == "consent" and person.consent_wording == "ok"
    assert Entry.objects.filter(action="campaigns.eventsignup.converted").exists()
    # Converting again finds the same person.
    assert actions.signup_to_person(signup) == person.pk


@pytest.mark.django_db
def test_event_lists_filter_and_search(client, regional_organiser, event):
    client.force_login(regional_organiser)
    url = reverse("campaigns:event-list")
    assert "Stall at Bolton market" in client.get(url, {"kind": "stall"}).content.decode()
    body = client.get(url, {"kind": "lobby"}).content.decode()
    assert "Stall at Bolton market" not in body and "No events match these filters." in body
    assert "Stall at Bolton market" in client.get(url, {"q": "market"}).content.decode()
    timeline = client.get(reverse("campaigns:event-timeline")).content.decode()
    assert "June 2025" in timeline
