"""My day: where reps and branch organisers land, with what needs doing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commonground.audit.models import Entry
from commonground.campaigns.models import Campaign, Event, EventKind, EventStatus
from commonground.people.actions import log_conversation, set_workplace_role
from commonground.people.tests.conftest import make_person
from commonground.testing import make_location

pytestmark = pytest.mark.django_db


def at(days: int, hour: int = 18) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_reps_and_branch_organisers_land_on_my_day(client, personas):
    for name, landing in (
        ("rep_at_workplace_x", "dashboard:my-day"),
        ("branch_organiser_a", "dashboard:my-day"),
        ("regional_organiser", "dashboard:home"),
        ("viewer", "dashboard:home"),
        ("admin", "dashboard:home"),
    ):
        client.force_login(personas[name])
        assert client.get(reverse("dashboard:root"))["Location"] == reverse(landing), name


def test_it_lists_follow_ups_due_overdue_first_and_audits(
    client, rep_at_workplace_x, branch_a, workplace_x, workplace_y
):
    soon = make_person(branch_a, workplace_x, full_name="Synthetic Soon Due")
    late = make_person(branch_a, workplace_x, full_name="Synthetic Long Overdue")
    later = make_person(branch_a, workplace_x, full_name="Synthetic Next Month")
    elsewhere = make_person(branch_a, workplace_y, full_name="Synthetic Not Mine")
    today = timezone.localdate()
    for person, days in ((soon, 2), (late, -3), (later, 30)):
        log_conversation(
            rep_at_workplace_x, person, follow_up=today + datetime.timedelta(days=days)
        )
    # The person at another workplace is outside the rep's scope: due today, not shown.
    type(elsewhere).objects.filter(pk=elsewhere.pk).update(follow_up_due=today)
    client.force_login(rep_at_workplace_x)
    body = client.get(reverse("dashboard:my-day")).content.decode()
    assert body.index("Synthetic Long Overdue") < body.index("Synthetic Soon Due")
    assert "overdue since" in body
    assert "Synthetic Next Month" not in body and "Synthetic Not Mine" not in body
    assert "Synthetic Hollins Park Care Home" in body  # the rep's workplaces
    entry = Entry.objects.filter(action="people.person.searched").latest("pk")
    assert entry.data["where"] == "my day" and entry.data["count"] == 2


def test_it_lists_this_weeks_events_of_the_branch_and_the_region(
    client, branch_organiser_a, region, branch_a, branch_b
):
    campaign = Campaign.objects.create(
        name="Synthetic Drive", slug="drive", starts_on=datetime.date(2026, 1, 1), region=region
    )

    def event(title, starts_at, **extra):
        return Event.objects.create(
            campaign=campaign,
            kind=EventKind.MEETING,
            title=title,
            starts_at=starts_at,
            status=extra.pop("status", EventStatus.PLANNED),
            **extra,
        )

    event("Branch meeting", at(2), branch=branch_a)
    event("Region-wide lobby", at(5))
    event("Other branch stall", at(1), branch=branch_b)
    event("Next month's assembly", at(20), branch=branch_a)
    event("Cancelled rally", at(3), branch=branch_a, status=EventStatus.CANCELLED)
    client.force_login(branch_organiser_a)
    body = client.get(reverse("dashboard:my-day")).content.decode()
    assert "Branch meeting" in body and "Region-wide lobby" in body
    for absent in ("Other branch stall", "Next month&#x27;s assembly", "Cancelled rally"):
        assert absent not in body


def test_it_lists_the_biggest_workplaces_without_a_rep_in_the_patch(
    client, branch_organiser_a, branch_a, council_a, council_b
):
    big = make_location(council_a, "Synthetic Big Home Without Rep", beds=90)
    with_rep = make_location(council_a, "Synthetic Home With Rep", beds=120)
    make_location(council_b, "Synthetic Home Outside The Patch", beds=150)
    rep = make_person(branch_a, with_rep, full_name="Synthetic Rep Person", number="R1")
    set_workplace_role(branch_organiser_a, rep, "rep")
    client.force_login(branch_organiser_a)
    body = client.get(reverse("dashboard:my-day")).content.decode()
    section = body[body.index("Workplaces without a rep") :]
    assert "Synthetic Big Home Without Rep" in section
    assert "Synthetic Home With Rep" not in section
    assert "Synthetic Home Outside The Patch" not in section
    assert big.cqc_id in section


def test_workplaces_without_a_rep_count_one_member_in_the_singular(
    client, branch_organiser_a, branch_a, council_a
):
    home = make_location(council_a, "Synthetic One Member Home", beds=90)
    make_person(branch_a, home, number="S1")
    client.force_login(branch_organiser_a)
    body = client.get(reverse("dashboard:my-day")).content.decode()
    item = body[body.index("Synthetic One Member Home") :].split("</li>")[0]
    assert "1 member<" in item and "1 members" not in item


def test_a_viewer_sees_no_people_section(client, viewer):
    client.force_login(viewer)
    body = client.get(reverse("dashboard:my-day")).content.decode()
    assert "Follow-ups due" not in body and "Events this week" in body


def test_it_shows_the_first_follow_ups_and_says_how_many_are_due(
    client, branch_organiser_a, branch_a
):
    today = timezone.localdate()
    for n in range(23):
        person = make_person(branch_a, full_name=f"Synthetic Due {n:02d}")
        type(person).objects.filter(pk=person.pk).update(follow_up_due=today)
    client.force_login(branch_organiser_a)
    body = client.get(reverse("dashboard:my-day")).content.decode()
    section = body[body.index("Follow-ups due") : body.index("Events this week")]
    assert section.count("Synthetic Due ") == 20
    assert "The first 20 of 23 due this week, overdue first." in section
    entry = Entry.objects.filter(action="people.person.searched").latest("pk")
    assert entry.data["count"] == 20
