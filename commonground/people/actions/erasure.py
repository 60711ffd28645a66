"""Erasure of a person (on request or by a retention rule): every app's registered data
first, then the person's own identifying fields; counts stay right."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.people import personal_data
from commonground.people.models import Person

# Wiped by erasure: everything that says who the person is or what they told us. Kept: the
# branch, workplace link, membership status and dates, roles, assessment values and the
# dates of contact, so that density, membership and campaign counts do not move.
ERASED_BLANK = (
    "full_name",
    "phone",
    "email",
    "postcode",
    "preferred_language",
    "job_title",
    "employer_text",
    "workplace_text",
    "employment_type",
    "immigration_details",
    "shift",
    "unit",
    "lawful_basis",
    "consent_wording",
    "external_id",
    "import_hash",
)


def erase_person(
    actor: Any,
    person: Person,
    *,
    reason: str = "request",
    request: HttpRequest | None = None,
    audit: bool = True,
) -> dict[str, Any]:
    """Erase (anonymise) a person and everything that identifies them; returns what was wiped.

    ``actor`` is a user with ``erase_people`` (a request for erasure) or, for retention, a
    string naming the command (``audit=False``: the purge writes one summary row per rule).
    Callers run it inside a transaction (the view and the purge rule do).
    """
    if isinstance(actor, User) and not has_perm(actor, "erase_people"):
        raise PermissionDenied
    if person.erased_at is not None:
        return {}
    # Every app first (linkage reads the person's name to find aliases that identify them),
    # then the person's own fields.
    wiped: dict[str, Any] = {}
    for entry in personal_data.entries():
        wiped.update(entry.erase(person))
    for name in ERASED_BLANK:
        setattr(person, name, "")
    person.languages = []
    person.consent_date = None
    person.follow_up_due = None
    person.erased_at = timezone.now()
    person.save()
    if audit:
        log_action(
            person,
            "people.person.erased",
            actor,
            {"reason": reason, "wiped": wiped},
            request=request,
        )
    return wiped


def erase_people_for_retention(actor: str, ids: list[int], *, reason: str) -> int:
    """Erase many people for a retention rule; the rule writes the one summary audit row."""
    erased = 0
    for person in Person.objects.not_erased().filter(pk__in=ids).iterator(chunk_size=500):
        erase_person(actor, person, reason=reason, audit=False)
        erased += 1
    return erased
