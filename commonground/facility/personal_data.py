"""What facility time holds about a person (the personal-data registry,
``people.personal_data``): the entries of a user account with the person's email (an
activist who is also a user). Entries belong to user accounts, not people, so erasing a
person leaves them: the account is managed, and removed, by an admin."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from commonground.accounts.models import User
from commonground.facility.models import TimeEntry
from commonground.people.models import Person
from commonground.people.personal_data import PersonalData, iso, register


@register
class FacilityTimeData(PersonalData):
    key = "facility_time"
    title = _("Facility time")

    def collect(self, person: Person) -> list[dict[str, Any]]:
        if not person.email:
            return []
        users = User.objects.filter(email__iexact=person.email)
        return [
            {
                "date": iso(e.date),
                "hours": str(e.hours),
                "category": e.category,
                "paid": e.paid,
                "description": e.description,
                "employer": e.employer.name,
                "status": e.status,
            }
            for e in TimeEntry.objects.filter(activist__in=users)
            .select_related("employer")
            .order_by("date", "pk")
        ]

    def erase(self, person: Person) -> dict[str, Any]:
        return {}
