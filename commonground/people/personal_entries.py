"""What the people app itself holds about a person beyond the person row (registered in the
personal-data registry, ``people.personal_data``): membership, workplace roles, assessments
and one-to-ones."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from commonground.imports.privacy import erase_from_import_files, import_files_holding
from commonground.people.models import Assessment, Conversation, Membership, Person, WorkplaceRole
from commonground.people.personal_data import PersonalData, iso, register, username


def _identifiers(person: Person) -> list[str]:
    numbers = Membership.objects.filter(person=person).values_list("number", flat=True)
    return [*numbers, person.external_id, person.email]


@register
class ImportFilesData(PersonalData):
    """Uploaded extracts and rejected-rows files that hold the person (``imports.privacy``).

    Registered first: it finds them by membership number, which the next entry wipes."""

    key = "import_files"
    title = _("Import files that hold you (kept for the retention period)")

    def collect(self, person: Person) -> list[dict[str, Any]]:
        return [
            {
                "import": h.run.pk,
                "file": h.run.original_name,
                "uploaded": iso(h.run.created),
                "in_upload": h.upload,
                "rejected_rows": h.rejected_rows,
            }
            for h in import_files_holding(person.branch_id, _identifiers(person))
        ]

    def erase(self, person: Person) -> dict[str, Any]:
        erased = erase_from_import_files(person.branch_id, _identifiers(person))
        return {"import_files": erased.as_dict()} if erased.runs else {}


@register
class MembershipData(PersonalData):
    key = "membership"
    title = _("Membership (from the union's membership extract)")
    models = (Membership,)

    def collect(self, person: Person) -> dict[str, Any] | None:
        m = Membership.objects.filter(person=person).first()
        if m is None:
            return None
        return {
            "number": m.number,
            "status": m.status,
            "joined": iso(m.joined),
            "lapsed": iso(m.lapsed),
            "source": m.source,
            "extract_date": iso(m.extract_date),
        }

    def erase(self, person: Person) -> dict[str, Any]:
        # Status and dates stay: membership counts and density must not move.
        return {"membership_numbers": Membership.objects.filter(person=person).update(number="")}


@register
class WorkplaceRoleData(PersonalData):
    key = "workplace_roles"
    title = _("Workplace roles")
    models = (WorkplaceRole,)

    def collect(self, person: Person) -> list[dict[str, Any]]:
        return [
            {
                "role": r.role,
                "workplace": r.location.name if r.location is not None else None,
                "since": iso(r.since),
                "ended": iso(r.ended),
            }
            for r in person.roles.select_related("location").order_by("since", "pk")
        ]

    def erase(self, person: Person) -> dict[str, Any]:
        return {}  # a role names no one by itself; rep counts must not move


@register
class AssessmentData(PersonalData):
    key = "assessments"
    title = _("Assessments (full history)")
    models = (Assessment,)

    def collect(self, person: Person) -> list[dict[str, Any]]:
        return [
            {"value": a.value, "at": iso(a.at), "by": username(a.by), "note": a.note}
            for a in person.assessments.select_related("by").order_by("at", "pk")
        ]

    def erase(self, person: Person) -> dict[str, Any]:
        notes = Assessment.objects.filter(person=person).exclude(note="").update(note="")
        return {"assessment_notes": notes}


@register
class ConversationData(PersonalData):
    key = "conversations"
    title = _("One-to-one conversations")
    models = (Conversation,)

    def collect(self, person: Person) -> list[dict[str, Any]]:
        return [
            {
                "at": iso(c.at),
                "by": username(c.by),
                "issues": c.issues,
                "outcome": c.outcome,
                "next_step": c.next_step,
                "follow_up": iso(c.follow_up),
                "follow_up_done": c.follow_up_done,
                "notes": c.notes,
            }
            for c in person.conversations.select_related("by").order_by("at", "pk")
        ]

    def erase(self, person: Person) -> dict[str, Any]:
        wiped = Conversation.objects.filter(person=person).update(notes="", next_step="", issues=[])
        return {"conversations": wiped}
