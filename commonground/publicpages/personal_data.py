"""What public pages hold about a person (the personal-data registry, ``people.personal_data``):
the submissions they sent, with their answers."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from commonground.people.models import Person
from commonground.people.personal_data import PersonalData, iso, register
from commonground.publicpages.models import Answer, Submission


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
        return rows

    def erase(self, person: Person) -> dict[str, Any]:
        # What they wrote goes; their choices stay, so survey tallies (aggregates, like
        # assessment values) do not move.
        submissions = Submission.objects.filter(person=person).update(
            workplace_text="", consent_wording=""
        )
        texts = Answer.objects.filter(submission__person=person).exclude(text="").update(text="")
        return {"public_page_submissions": submissions, "public_page_texts": texts}

    def audit_subjects(self, person: Person) -> list[tuple[type[Model], list[int]]]:
        ids = list(Submission.objects.filter(person=person).values_list("pk", flat=True))
        return [(Submission, ids)]
