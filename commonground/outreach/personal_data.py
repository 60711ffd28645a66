"""What outreach holds about a person (the personal-data registry, ``people.personal_data``):
their consent statements per channel, the suppressions recorded against them, the emails and
texts sent to them, and the calls and texts of phone and text banks."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from commonground.outreach.models import Call, Consent, Message, Suppression
from commonground.people.models import Person
from commonground.people.personal_data import PersonalData, Rows, iso, register


@register
class OutreachData(PersonalData):
    key = "outreach"
    title = _("Contact consent and suppressions")
    models = (Consent, Suppression, Message, Call)

    def collect(self, person: Person) -> dict[str, Any]:
        return {
            "consents": [
                {
                    "channel": c.channel,
                    "granted": c.granted,
                    "wording": c.wording,
                    "given_at": iso(c.given_at),
                    "source": c.source,
                    "source_ref": c.source_ref,
                    "current": c.current,
                }
                for c in Consent.objects.filter(person=person).order_by("given_at", "pk")
            ],
            "suppressions": [
                {
                    "channel": s.channel,
                    "address": s.address,
                    "scope": s.scope,
                    "reason": s.reason,
                    "since": iso(s.created),
                }
                for s in Suppression.objects.filter(person=person).order_by("created", "pk")
            ],
            "messages": [
                {
                    "channel": m.channel,
                    "address": m.address,
                    "language": m.language,
                    "subject": m.subject,
                    "body": m.body,
                    "status": m.status,
                    "sent_at": iso(m.sent_at),
                }
                for m in Message.objects.filter(person=person).order_by("pk")
            ],
            "calls": [
                {
                    "assignment": c.assignment.title,
                    "by": c.caller.get_username() if c.caller else None,
                    "at": iso(c.completed_at or c.reserved_at),
                    "outcome": c.outcome,
                    "call_back_at": iso(c.call_back_at),
                }
                for c in Call.objects.filter(person=person)
                .select_related("assignment", "caller")
                .order_by("pk")
            ],
        }

    def sections(self, data: Rows) -> list[tuple[Any, Rows]]:
        assert isinstance(data, dict)
        return [
            (_("Consent to contact, per channel"), data["consents"]),
            (_("Suppressed addresses"), data["suppressions"]),
            (_("Emails and texts sent"), data["messages"]),
            (_("Calls and texts from phone and text banks"), data["calls"]),
        ]

    def erase(self, person: Person) -> dict[str, Any]:
        # Consent statements go; a suppression of their address stays (it holds no name, and
        # it keeps the opt-out honoured if the address comes back in an extract).
        # Messages keep their status and date (send counts stay right); what was sent, and to
        # which address, goes.
        return {
            "consents": Consent.objects.filter(person=person).delete()[0],
            "messages": Message.objects.filter(person=person).update(
                address="", subject="", body=""
            ),
        }

    def audit_subjects(self, person: Person) -> list[tuple[type[Model], list[int]]]:
        return [
            (Consent, list(Consent.objects.filter(person=person).values_list("pk", flat=True))),
            (Call, list(Call.objects.filter(person=person).values_list("pk", flat=True))),
        ]
