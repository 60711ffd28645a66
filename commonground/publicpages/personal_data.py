"""What public pages hold about a person (the personal-data registry, ``people.personal_data``):
the submissions they sent, with their answers, and those still waiting for the worker to file
them (no person attached yet: found by the email or mobile they typed)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from commonground.people.models import Person
from commonground.people.parsing import InvalidValue, normalise_phone
from commonground.people.personal_data import PersonalData, iso, register
from commonground.publicpages.models import Answer, Submission


def waiting_from(person: Person) -> QuerySet[Submission]:
    """Submissions not yet filed whose typed email or mobile is ``person``'s.

    A mobile is compared as ``people.parsing.normalise_phone`` reads it on both sides
    ("07700 900123" is "+447700900123"): the form stores it so, but a person's number may
    have been typed or imported otherwise. Waiting rows are few (seconds' worth, and those
    that could not be filed), so their numbers are read and compared here."""
    waiting = Submission.objects.filter(processed_at__isnull=True, person__isnull=True)
    typed = Q(pk__in=[])
    if person.email:
        typed |= Q(intake__email__iexact=person.email)
    phone = _phone(person.phone)
    if phone:
        same = [
            pk
            for pk, sent in waiting.values_list("pk", "intake__phone")
            if isinstance(sent, str) and sent and _phone(sent) == phone
        ]
        typed |= Q(pk__in=same)
    return waiting.filter(typed)


def _phone(value: str) -> str:
    """A number as the one phone normaliser reads it, else as written (without spaces)."""
    try:
        return normalise_phone(value)
    except InvalidValue:
        return "".join(value.split())


@register
class SubmissionData(PersonalData):
    key = "public_page_answers"
    title = _("Answers sent through public pages")
    models = (Submission,)

    def collect(self, person: Person) -> list[dict[str, Any]]:
        rows = []
        for s in (
            Submission.objects.filter(person=person)
            .select_related("page", "location")
            .prefetch_related("answers__question")
            .order_by("created", "pk")
        ):
            answers = []
            for a in s.answers.all():
                labels = a.question.choice_labels()
                value = labels.get(a.choice, a.choice) if a.choice else a.value
                answers.append(f"{a.question.text}: {value}")
            rows.append(
                {
                    "page": s.page.title,
                    "received": iso(s.created),
                    "language": s.language,
                    "workplace_as_written": s.workplace_text,
                    "workplace": s.location.name if s.location is not None else None,
                    "consent_wording": s.consent_wording,
                    "consent_version": s.consent_version,
                    "answers": answers,
                }
            )
        for s in waiting_from(person).select_related("page").order_by("created", "pk"):
            rows.append(
                {
                    "page": s.page.title,
                    "received": iso(s.created),
                    "waiting_to_be_filed": True,
                    "as_sent": s.intake,
                    "workplace_as_written": s.workplace_text,
                    "consent_wording": s.consent_wording,
                }
            )
        return rows

    def erase(self, person: Person) -> dict[str, Any]:
        # What they wrote goes; their choices stay, so survey tallies (aggregates, like
        # assessment values) do not move.
        submissions = Submission.objects.filter(person=person).update(
            workplace_text="", consent_wording=""
        )
        texts = Answer.objects.filter(submission__person=person).exclude(text="").update(text="")
        # Not yet filed: nothing of it is counted anywhere, so it goes whole.
        waiting, _by_model = waiting_from(person).delete()
        return {
            "public_page_submissions": submissions,
            "public_page_texts": texts,
            "public_page_waiting": waiting,
        }

    def audit_subjects(self, person: Person) -> list[tuple[type[Model], list[int]]]:
        filed = Submission.objects.filter(person=person).values_list("pk", flat=True)
        waiting = waiting_from(person).values_list("pk", flat=True)
        return [(Submission, [*filed, *waiting])]
