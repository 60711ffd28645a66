"""API fixtures: a token per persona, a small synthetic world and a JSON ``get`` helper."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from commonground.accounts.models import User
from commonground.alliances.models import Affiliation, IssueTag, Partner
from commonground.api.actions import create_token
from commonground.campaigns.models import Campaign, Event, EventStatus, Goal, Metric
from commonground.charters.models import Charter, Commitment, Status, Target, TargetStatus
from commonground.library.models import Item
from commonground.motions.models import CallToAction, Motion
from commonground.people.models import Assessment, Conversation, Membership, Person, WorkplaceRole
from commonground.testing import make_provider

_n = itertools.count(1)


def make_person(branch: Any, location: Any = None, **extra: Any) -> Person:
    n = next(_n)
    number = extra.pop("number", None)
    values: dict[str, Any] = {
        "full_name": f"Synthetic API Person {n}",
        "email": f"api-person{n}@example.invalid",
        "lawful_basis": "member" if number else "",
    }
    values.update(extra)
    person = Person.objects.create(branch=branch, location=location, **values)
    if number:
        Membership.objects.create(person=person, branch=branch, number=number, status="member")
    return person


def token(user: User) -> str:
    return create_token(user, f"{user.username} test")[1]


class Api:
    """``api.get(user, "/people/", q="x")`` (``expect=`` the status): JSON response through the real URL conf."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.tokens: dict[int, str] = {}

    def raw(self, user: User, path: str, **params: Any) -> Any:
        if user.pk not in self.tokens:
            self.tokens[user.pk] = token(user)
        return self.client.get(
            f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {self.tokens[user.pk]}"
        )

    def get(self, user: User, path: str, expect: int = 200, **params: Any) -> Any:
        response = self.raw(user, path, **params)
        assert response.status_code == expect, response.content
        body = response.json()
        if expect >= 400:
            assert set(body) == {"error"} and {"code", "message", "details"} <= set(body["error"])
        return body


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


@pytest.fixture
def person_x(branch_a: Any, workplace_x: Any) -> Person:
    """T-A's person at workplace X, with an assessment, a role and a one-to-one with notes."""
    person = make_person(
        branch_a,
        workplace_x,
        full_name="Synthetic Amara Apiperson",
        number="M1000001",
        phone="07700 900001",
        employment_type="sponsored-visa",
        immigration_details="Synthetic sponsorship detail",
        assessment=2,
    )
    now = timezone.now()
    Assessment.objects.create(person=person, value=2, at=now, note="keen on the pay claim")
    Conversation.objects.create(
        person=person,
        at=now,
        issues=["pay", "rotas"],
        outcome="supportive",
        next_step="Bring a colleague",
        notes="Synthetic private note",
    )
    WorkplaceRole.objects.create(person=person, location=workplace_x, role="rep")
    return person


@pytest.fixture
def person_b(branch_b: Any, workplace_y: Any) -> Person:
    return make_person(branch_b, workplace_y, full_name="Synthetic Bogdan Apiother", number="M2")


@pytest.fixture
def world(
    region: Any,
    branch_a: Any,
    branch_b: Any,
    council_a: Any,
    workplace_x: Any,
    workplace_y: Any,
    person_x: Person,
    person_b: Person,
) -> dict[str, Any]:
    """One of each record the API serves, in the persona region."""
    provider = make_provider("Synthetic Hollins Care Group")
    workplace_x.provider = provider
    workplace_x.save(update_fields=["provider"])
    contact = make_person(branch_a, workplace_x, full_name="Synthetic Casey Contact")
    charter = Charter.objects.create(slug="api-charter", name="Synthetic API Charter")
    Commitment.objects.create(charter=charter, number="1", text="Pay the real living wage")
    target = Target.objects.create(kind="council", name="Bolton", region=region, council=council_a)
    TargetStatus.objects.create(
        target=target, charter=charter, status=Status.SIGNED, signed_on=dt.date(2024, 5, 1)
    )
    campaign = Campaign.objects.create(
        name="Synthetic Pay Campaign", slug="pay", starts_on=dt.date(2024, 1, 1), region=region
    )
    campaign.branches.set([branch_a])
    campaign.charters.set([charter])
    Goal.objects.create(
        campaign=campaign, metric=Metric.EVENTS_HELD, target_value=Decimal(4), label="Events"
    )
    Goal.objects.create(campaign=campaign, metric=Metric.COUNCILS_SIGNED, target_value=Decimal(2))
    Event.objects.create(
        campaign=campaign,
        kind="lobby",
        title="Synthetic lobby",
        starts_at=timezone.make_aware(dt.datetime(2024, 3, 1, 12)),
        status=EventStatus.HELD,
        branch=branch_a,
        council=council_a,
        headcount=30,
    )
    issue = IssueTag.objects.create(slug="pay", name="Pay")
    partner = Partner.objects.create(region=region, name="Synthetic Citizens", kind="broad_based")
    partner.issues.set([issue])
    Affiliation.objects.create(branch=branch_a, partner=partner)
    item = Item.objects.create(
        kind="briefing",
        title="Synthetic privatisation briefing",
        slug="synthetic-privatisation",
        summary="What privatisation did to home care.",
        body="# Heading\n\nText.",
        is_public=True,
    )
    motion = Motion.objects.create(
        title="Synthetic ethical care motion", conference="Test conference", decision="carried"
    )
    CallToAction.objects.create(
        motion=motion, number=1, text="Campaign for the charter", status="done"
    )
    CallToAction.objects.create(motion=motion, number=2, text="Report back", responsible_body="nec")
    return {
        "provider": provider,
        "contact": contact,
        "charter": charter,
        "target": target,
        "campaign": campaign,
        "partner": partner,
        "item": item,
        "motion": motion,
    }
