"""The demo's outreach data: built from the demo personas, idempotent."""

from __future__ import annotations

import pytest

from commonground.accounts.models import Role, WorkplaceAssignment
from commonground.outreach.demo import seed
from commonground.outreach.models import CallAssignment, Consent, MessageTemplate, TargetList
from commonground.outreach.queries import queue
from commonground.outreach.tests.conftest import make_person
from commonground.testing import make_branch, make_location, make_user

pytestmark = pytest.mark.django_db


def test_it_seeds_lists_banks_and_templates_once(region, council_a) -> None:
    branch = make_branch(region, "NW-D01", [council_a])
    home = make_location(council_a, "Synthetic Demo Home")
    make_user("admin", Role.ADMIN, region)
    organiser = make_user("branch", Role.BRANCH_ORGANISER, region, [branch])
    rep = make_user("rep", Role.REP, region, [branch])
    WorkplaceAssignment.objects.create(user=rep, location=home)
    for i in range(6):
        make_person(branch, f"Synthetic Demo {i}", location=home, phone=f"+44770090030{i}")
    assert "2 banks" in seed(region)
    seed(region)
    assert TargetList.objects.count() == 2 and CallAssignment.objects.count() == 2
    assert MessageTemplate.objects.get().translations.get().language == "pl"
    assert Consent.objects.filter(channel="email").count() == 3
    bank = CallAssignment.objects.get(kind="call")
    assert queue(bank, rep, bank.created).exists()
    assert organiser.outreach_sender is not None
