"""Exports of public pages: answers in aggregate for anyone who sees the page, and the
submissions row by row for those who may export people (scoped, audited)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from commonground.audit.exports import Exporter
from commonground.lib.exports import Column
from commonground.publicpages.models import Submission
from commonground.publicpages.queries import QuestionTally


class ResultsExporter(Exporter):
    """One row per question, answer and council/provider: counts as shown (small ones
    hidden for those who may not see people)."""

    identifier = "page-results"
    perm = "view_pages"
    audit_code = "publicpages.results.exported"
    sheet = "Results"
    columns = (
        Column("question", "question"),
        Column("answer", "answer"),
        Column("group", "group"),
        Column("count", "count"),
    )

    def __init__(self, tallies: list[QuestionTally]) -> None:
        super().__init__(list(self._flatten(tallies)))

    @staticmethod
    def _flatten(tallies: Iterable[QuestionTally]) -> Iterator[dict[str, Any]]:
        for t in tallies:
            for (_value, label), cell in zip(t.values, t.counts, strict=True):
                yield {
                    "question": t.question.text,
                    "answer": label,
                    "group": "",
                    "count": cell.shown,
                }
            for g in t.groups:
                for (_value, label), cell in zip(t.values, g.counts, strict=True):
                    yield {
                        "question": t.question.text,
                        "answer": label,
                        "group": g.label,
                        "count": cell.shown,
                    }


def _answers(submission: Submission) -> str:
    parts = []
    for a in submission.answers.all():
        labels = a.question.choice_labels()
        value = labels.get(a.choice, a.choice) if a.choice else a.value
        parts.append(f"{a.question.text}: {value}")
    return "; ".join(parts)


class SubmissionExporter(Exporter):
    identifier = "page-submissions"
    perm = "export_people"
    audit_code = "publicpages.submission.exported"
    sheet = "Submissions"
    columns = (
        Column("received", "created"),
        Column("page", "page.title"),
        Column("branch", "branch.code"),
        Column("person id", "person_id"),
        Column("name", "person.full_name"),
        Column("email", "person.email"),
        Column("mobile", "person.phone"),
        Column("language", "language"),
        Column("workplace as written", "workplace_text"),
        Column("workplace", "location.name"),
        Column("CQC location id", "location.cqc_id"),
        Column("provider", "provider.name"),
        Column("council", "council.name"),
        Column("workplace link", "get_link_decision_display"),
        Column("contact", "get_contact_outcome_display"),
        Column("consent", "consent"),
        Column("consent version", "consent_version"),
        Column("status", "get_status_display"),
        Column("answers", _answers),
    )

    def __init__(self, submissions: QuerySet[Submission]) -> None:
        super().__init__(
            submissions.select_related(
                "page", "branch", "person", "location", "provider", "council"
            ).prefetch_related("answers__question")
        )
