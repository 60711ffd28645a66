"""Erasure: the person's data goes, the counts stay (density, membership, campaign goals)."""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from commonground.audit.models import Entry
from commonground.campaigns import metrics
from commonground.campaigns.actions import record_signup
from commonground.campaigns.models import (
    Campaign,
    Event,
    EventKind,
    EventSignup,
    EventStatus,
    Goal,
    Metric,
)
from commonground.density import measure
from commonground.density import queries as density
from commonground.linkage.actions import remember_alias
from commonground.linkage.models import LinkAlias, ReviewItem, ReviewStatus
from commonground.people.actions import (
    erase_person,
    log_conversation,
    record_assessment,
    set_workplace_role,
)
from commonground.people.models import Membership, MembershipStatus, Person
from commonground.people.tests.conftest import make_person

pytestmark = pytest.mark.django_db

NAME = "Synthetic Chidinma Okafor"


def _accepted(person, text, location):
    ReviewItem.objects.create(
        person=person,
        branch=person.branch,
        workplace_text=text,
        postcode="BL1 1AA",
        status=ReviewStatus.ACCEPTED,
        location=location,
    )
    return remember_alias(None, text, "BL1 1AA", location)


@pytest.fixture
def world(admin, region, branch_a, workplace_x):
    workplace_x.workforce_override = 40
    workplace_x.save()
    target = make_person(
        branch_a,
        workplace_x,
        full_name=NAME,
        number="M3000001",
        phone="+447700900123",
        postcode="BL1 4QQ",
        employment_type="sponsored-visa",
        immigration_details="Synthetic visa expires 2027",
        workplace_text="Okafor Family Home Care",
    )
    Membership.objects.filter(person=target).update(joined=datetime.date(2025, 3, 1))
    colleague = make_person(branch_a, workplace_x, number="M3000002")
    Membership.objects.filter(person=colleague).update(joined=datetime.date(2025, 4, 1))
    make_person(branch_a, workplace_x, number="M3000003", status=MembershipStatus.LAPSED)
    make_person(branch_a, workplace_x, lawful_basis="consent")  # a contact
    set_workplace_role(admin, target, "rep")
    record_assessment(admin, target, 1, "Synthetic: leads the night shift")
    log_conversation(admin, target, notes="Synthetic: worried about her visa", next_step="call")
    # Aliases: one only the target taught (and naming her), one a colleague taught too.
    own = _accepted(target, "Okafor Family Home Care", workplace_x)
    shared = _accepted(target, "Willows Care Home", workplace_x)
    _accepted(colleague, "Willows Care Home", workplace_x)
    campaign = Campaign.objects.create(
        name="Synthetic drive",
        slug="synthetic-drive",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        region=region,
    )
    campaign.branches.set([branch_a])
    event = Event.objects.create(
        campaign=campaign,
        kind=EventKind.STALL,
        title="Stall",
        branch=branch_a,
        starts_at=timezone.make_aware(datetime.datetime(2025, 6, 7, 11)),
        status=EventStatus.HELD,
    )
    signup = record_signup(
        admin,
        event,
        name=NAME,
        email="okafor@example.invalid",
        lawful_basis="consent",
        consent_wording="Synthetic consent",
    )
    EventSignup.objects.filter(pk=signup.pk).update(person=target)
    goals = []
    for metric in (Metric.MEMBERS_RECRUITED, Metric.DENSITY, Metric.ATTENDANCE):
        goal = Goal.objects.create(campaign=campaign, metric=metric, target_value=Decimal(10))
        if metric == Metric.DENSITY:
            goal.workplaces.set([workplace_x])
        goals.append(goal)
    return {"target": target, "own": own, "shared": shared, "goals": goals, "signup": signup}


def _aggregates(region, goals) -> dict[str, Any]:
    scope = measure.full_scope(region)
    rows = {
        level: [dataclasses.asdict(r) for r in density.rows_for_level(scope, level)]
        for level in ("location", "provider", "council", "branch", "region")
    }
    return {
        "density": rows,
        "summary": dataclasses.asdict(density.summary(scope)),
        "members": measure.members(scope).count(),
        "memberships": {
            s: Membership.objects.filter(status=s).count() for s in MembershipStatus.values
        },
        "goals": {g.metric: metrics.compute(g) for g in goals},
    }


def test_erasure_wipes_the_person_and_keeps_every_count(admin, region, world):
    target = world["target"]
    before = _aggregates(region, world["goals"])
    assert before["goals"][Metric.MEMBERS_RECRUITED] == 2
    assert before["goals"][Metric.ATTENDANCE] == 1
    assert before["summary"]["reps"] == 1
    Person.objects.filter(pk=target.pk).update(preferred_language="ur")
    target.refresh_from_db()
    erase_person(admin, target, reason="request")
    assert _aggregates(region, world["goals"]) == before

    p = Person.objects.get(pk=target.pk)
    assert p.is_erased and str(p) == f"Erased person #{p.pk}"
    for field in (
        "full_name",
        "phone",
        "email",
        "postcode",
        "workplace_text",
        "employment_type",
        "immigration_details",
        "lawful_basis",
        "preferred_language",
    ):
        assert getattr(p, field) == "", field
    assert Membership.objects.get(person=p).number == ""
    assert p.assessments.get().note == "" and p.assessments.get().value == 1
    talk = p.conversations.get()
    assert talk.notes == "" and talk.next_step == "" and talk.issues == []
    signup = EventSignup.objects.get(pk=world["signup"].pk)
    assert signup.name == signup.email == "" and signup.attended
    assert ReviewItem.objects.filter(person=p, workplace_text="").count() == 2
    assert not LinkAlias.objects.filter(pk=world["own"].pk).exists()
    assert LinkAlias.objects.filter(pk=world["shared"].pk).exists()

    entry = Entry.objects.get(action="people.person.erased")
    assert entry.subject_id == str(p.pk) and entry.subject_label == f"person #{p.pk}"
    assert entry.data["wiped"]["aliases_removed"] == [world["own"].pk]
    assert entry.data["reason"] == "request"
    # No row about this person holds their name, phone, notes or visa details.
    person_type = ContentType.objects.get_for_model(Person)
    about = Entry.objects.filter(subject_type=person_type, subject_id=str(p.pk))
    trail = json.dumps([[e.subject_label, e.data] for e in about])
    for secret in ("Okafor", "900123", "visa", "night shift", "BL1 4QQ"):
        assert secret not in trail, secret


def test_an_erased_person_cannot_be_changed_or_reached(admin, world):
    from django.core.exceptions import PermissionDenied

    target = world["target"]
    erase_person(admin, target)
    with pytest.raises(PermissionDenied):
        log_conversation(admin, target, notes="again")
    assert target.pk not in Person.objects.outreach_ok().values_list("pk", flat=True)
    assert erase_person(admin, target) == {}  # a second erasure does nothing
    assert Entry.objects.filter(action="people.person.erased").count() == 1


def test_only_the_data_steward_may_erase(branch_organiser_a, world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        erase_person(branch_organiser_a, world["target"])


def test_the_erase_page_asks_then_erases_on_a_confirmed_post(client, admin, world):
    target = world["target"]
    url = reverse("people:person-erase", args=[target.pk])
    client.force_login(admin)
    page = client.get(url)
    assert page.status_code == 200 and "Erase for good" in page.content.decode()
    unconfirmed = client.post(url, {"reason": "request"})
    assert unconfirmed.status_code == 200
    assert not Person.objects.get(pk=target.pk).is_erased
    done = client.post(url, {"reason": "request", "confirm": "on"})
    assert done.status_code == 302
    assert Person.objects.get(pk=target.pk).is_erased
    entry = Entry.objects.get(action="people.person.erased")
    assert entry.actor_id == admin.pk and entry.data["reason"] == "request"
    detail = client.get(reverse("people:person-detail", args=[target.pk])).content.decode()
    assert NAME not in detail and "was erased" in detail


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("regional_organiser", 403),
        ("branch_organiser_a", 403),
        ("rep_at_workplace_x", 403),
        ("viewer", 403),
        ("outsider_branch_b", 403),
    ],
)
def test_the_erase_page_is_for_the_data_steward_only(client, personas, world, persona, status):
    client.force_login(personas[persona])
    url = reverse("people:person-erase", args=[world["target"].pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"reason": "request", "confirm": "on"}).status_code == status
    assert not Person.objects.get(pk=world["target"].pk).is_erased


def test_the_erase_page_404s_for_no_such_person_and_refuses_put(client, admin, world):
    client.force_login(admin)
    assert client.get(reverse("people:person-erase", args=[999999])).status_code == 404
    url = reverse("people:person-erase", args=[world["target"].pk])
    assert client.put(url).status_code == 405
