"""Event sign-ups follow the people scope (issue 14, findings 3 and 12).

At an event of several branches, an organiser of one branch saw every branch's sign-ups (names,
emails, workplaces) although those people were 404 to them elsewhere; and a viewer saw the
exact number of sign-ups ("Sign-ups 1"). Each sign-up now belongs to a branch and is shown
to those who may see that branch's people; small counts are hidden from the others.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from commonground.campaigns import actions
from commonground.campaigns.models import Event, EventKind, EventSignup, EventStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_event(campaign: Any, branch_a: Any, branch_b: Any) -> Event:
    """An event of the whole campaign (no branch of its own), run by branches A and B."""
    campaign.branches.set([branch_a, branch_b])
    return Event.objects.create(
        campaign=campaign,
        kind=EventKind.STALL,
        title="Regional stall",
        starts_at=timezone.make_aware(datetime.datetime(2025, 6, 7, 11, 0)),
        place="Market",
        status=EventStatus.HELD,
    )


def _signup(event: Event, name: str, branch: Any) -> EventSignup:
    return actions.record_signup(
        None,
        event,
        branch=branch,
        name=name,
        email=f"{name.split()[-1].lower()}@example.invalid",
        workplace="Synthetic Care Home",
        lawful_basis="consent",
        consent_wording="ok",
    )


def test_an_organiser_sees_only_their_branchs_sign_ups(
    client: Any, personas: Any, shared_event: Event, branch_a: Any, branch_b: Any
) -> None:
    _signup(shared_event, "Synthetic Ada Alpha", branch_a)
    _signup(shared_event, "Synthetic Bea Beta", branch_b)
    url = reverse("campaigns:event-detail", args=[shared_event.pk])
    seen = {}
    for persona in ("branch_organiser_a", "outsider_branch_b", "regional_organiser", "admin"):
        client.force_login(personas[persona])
        html = client.get(url).content.decode()
        seen[persona] = {n for n in ("Ada Alpha", "Bea Beta") if n in html}
    assert seen == {
        "branch_organiser_a": {"Ada Alpha"},
        "outsider_branch_b": {"Bea Beta"},
        "regional_organiser": {"Ada Alpha", "Bea Beta"},
        "admin": {"Ada Alpha", "Bea Beta"},
    }


def test_a_sign_up_belongs_to_the_recorders_branch_or_one_they_choose(
    client: Any, personas: Any, shared_event: Event, branch_a: Any, branch_b: Any
) -> None:
    url = reverse("campaigns:event-signup", args=[shared_event.pk])
    data = {
        "name": "Synthetic Cal Gamma",
        "email": "cal@example.invalid",
        "lawful_basis": "consent",
        "consent_wording": "ok",
        "consent": "on",
    }
    # A branch organiser of A only: no choice to make, the sign-up is A's.
    client.force_login(personas["branch_organiser_a"])
    assert 'name="branch"' not in client.get(url).content.decode()
    assert client.post(url, data).status_code == 302
    assert EventSignup.objects.get(name="Synthetic Cal Gamma").branch == branch_a
    # A regional organiser chooses among the event's branches.
    client.force_login(personas["regional_organiser"])
    refused = client.post(url, {**data, "name": "Synthetic Dee Delta"})
    assert refused.status_code == 200 and 'name="branch"' in refused.content.decode()
    chosen = client.post(url, {**data, "name": "Synthetic Dee Delta", "branch": branch_b.pk})
    assert chosen.status_code == 302
    assert EventSignup.objects.get(name="Synthetic Dee Delta").branch == branch_b


def test_a_branch_outside_the_event_is_refused(
    shared_event: Event, personas: Any, branch_a: Any
) -> None:
    shared_event.campaign.branches.set([branch_a])
    with pytest.raises(ValidationError):
        actions.record_signup(
            personas["outsider_branch_b"],
            shared_event,
            name="Synthetic Eve Epsilon",
            email="eve@example.invalid",
            lawful_basis="consent",
            consent_wording="ok",
        )


def test_a_viewer_sees_a_small_sign_up_count_hidden(
    client: Any, personas: Any, event: Event, branch_a: Any
) -> None:
    _signup(event, "Synthetic Fay Zeta", branch_a)
    url = reverse("campaigns:event-detail", args=[event.pk])
    client.force_login(personas["viewer"])
    html = client.get(url).content.decode()
    assert "&lt;5" in html and "Fay Zeta" not in html
    client.force_login(personas["branch_organiser_a"])
    html = client.get(url).content.decode()
    assert "&lt;5" not in html and "Fay Zeta" in html
