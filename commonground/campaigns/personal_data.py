"""What campaigns hold about a person (the personal-data registry, ``people.personal_data``):
the event sign-ups they became."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from commonground.campaigns.models import EventSignup
from commonground.people.models import Person
from commonground.people.personal_data import PersonalData, iso, register


@register
class SignupData(PersonalData):
    key = "campaign_signups"
    title = _("Campaign sign-ups and attendance")
    models = (EventSignup,)

    def collect(self, person: Person) -> list[dict[str, Any]]:
        signups = (
            EventSignup.objects.filter(person=person)
            .select_related("event", "event__campaign")
            .order_by("pk")
        )
        return [
            {
                "campaign": s.event.campaign.name,
                "event": s.event.title,
                "event_date": iso(s.event.starts_at),
                "name": s.name,
                "email": s.email,
                "phone": s.phone,
                "workplace": s.workplace,
                "lawful_basis": s.lawful_basis,
                "consent_wording": s.consent_wording,
                "consented_at": iso(s.consented_at),
                "attended": s.attended,
            }
            for s in signups
        ]

    def erase(self, person: Person) -> dict[str, Any]:
        # Attendance stays: campaign counts must not move.
        wiped = EventSignup.objects.filter(person=person).update(
            name="", email="", phone="", workplace=""
        )
        return {"signups": wiped}

    def audit_subjects(self, person: Person) -> list[tuple[type[Model], list[int]]]:
        return [(EventSignup, list(person.event_signups.values_list("pk", flat=True)))]
