"""Old names of re-registered homes lead to the current registration (issue 20, session 5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from commonground.linkage.services import link_people
from commonground.register.models import Location, RegistrationStatus
from commonground.testing import make_location

from .conftest import make_person


@pytest.mark.django_db
def test_an_old_registrations_name_links_the_current_registration(
    council_a: Any, branch_a: Any
) -> None:
    # CQC registered the home again under a new name; the old registration is no longer
    # registered, so its name is not a candidate of its own. Members still write it.
    new = make_location(
        council_a,
        "Synthetic Willow Bank",
        postcode="BL1 9ZZ",
        registration_date=dt.date(2019, 3, 1),
    )
    old = make_location(
        council_a,
        "Synthetic Pegasus Lodge",
        postcode="BL1 9ZZ",
        registration_date=dt.date(2010, 1, 1),
        registration_status=RegistrationStatus.DEREGISTERED,
    )
    Location.predecessors.through.objects.create(from_location=new, to_location=old)
    person = make_person(branch_a, "Synthetic Pegasus Lodge")
    counts = link_people()
    person.refresh_from_db()
    assert counts["auto"] == 1
    assert person.location == new
