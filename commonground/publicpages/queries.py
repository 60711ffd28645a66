"""Aggregates of public pages: counts, survey tallies by council and provider, and the
worker-reported evidence shown on a charter target's page. Every count that could point at
a person is passed through the small-count rule (``lib.disclosure``) when asked to."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from commonground.charters.models import Commitment, Target, TargetKind
from commonground.lib.disclosure import hidden_in_row, is_suppressed, suppress, suppress_share
from commonground.publicpages.models import (
    TALLIED_KINDS,
    Answer,
    Page,
    Question,
    Submission,
    SubmissionStatus,
)
from commonground.register.models import Council, Provider


def signature_count(page: Page) -> int:
    return Submission.objects.filter(page=page).count()


def page_counts(pages: list[Page]) -> dict[int, dict[str, int]]:
    """Submissions and new (not yet followed up) per page, in one query."""
    rows = (
        Submission.objects.filter(page__in=pages)
        .values("page_id")
        .annotate(total=Count("pk"), new=Count("pk", filter=Q(status=SubmissionStatus.NEW)))
    )
    counts: dict[int, dict[str, int]] = {p.pk: {"total": 0, "new": 0} for p in pages}
    for row in rows:
        counts[row["page_id"]] = {"total": row["total"], "new": row["new"]}
    return counts


@dataclass
class CountCell:
    n: int
    shown: str


def _cell(n: int, hide: bool) -> CountCell:
    return CountCell(n, suppress(n) if hide else f"{n:,}")


HIDDEN_WITH_ANOTHER = "–"
"""A count hidden only so that a small one beside it cannot be worked out from the total."""


def _row(counts: list[int], hide: bool) -> list[CountCell]:
    """A row's counts shown beside its total: small ones as "<5", and one more as a dash
    where the total would give a single small one back (``lib.disclosure.hidden_in_row``)."""
    if not hide:
        return [_cell(n, False) for n in counts]
    return [
        CountCell(n, HIDDEN_WITH_ANOTHER)
        if hidden and not is_suppressed(n)
        else CountCell(n, suppress(n) if hidden else f"{n:,}")
        for n, hidden in zip(counts, hidden_in_row(counts), strict=True)
    ]


@dataclass
class GroupTally:
    label: str
    total: CountCell
    counts: list[CountCell]


@dataclass
class QuestionTally:
    question: Question
    values: list[tuple[str, str]]  # (value, label) in the question's order
    total: CountCell
    counts: list[CountCell]
    groups: list[GroupTally] = field(default_factory=list)


def tallies(page: Page, *, by: str = "", hide_small: bool = True) -> list[QuestionTally]:
    """Counts of each answer to the page's choice and scale questions, overall and per
    ``by`` ("council" or "provider"; answers whose workplace is unknown are grouped as such).
    """
    questions = [q for q in page.questions.all() if q.kind in TALLIED_KINDS]
    group_field = {"council": "submission__council_id", "provider": "submission__provider_id"}.get(
        by
    )
    values = ["question_id", "choice"] + ([group_field] if group_field else [])
    rows = (
        Answer.objects.filter(question__in=questions)
        .values(*values)
        .annotate(n=Count("submission_id", distinct=True))
    )
    per: dict[int, dict[Any, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        key = row[group_field] if group_field else None
        per[row["question_id"]][key][row["choice"]] = row["n"]
    respondents = dict(
        Answer.objects.filter(question__in=questions)
        .values("question_id")
        .annotate(n=Count("submission_id", distinct=True))
        .values_list("question_id", "n")
    )
    names = _group_names(by, {k for q in per.values() for k in q})
    result = []
    for q in questions:
        options = (
            [(str(n), str(n)) for n in range(1, 6)]
            if q.kind == "scale"
            else [(str(c["value"]), str(c["label"])) for c in q.choices]
        )
        overall: dict[str, int] = defaultdict(int)
        for by_choice in per[q.pk].values():
            for choice, n in by_choice.items():
                overall[choice] += n
        tally = QuestionTally(
            question=q,
            values=options,
            total=_cell(respondents.get(q.pk, 0), hide_small),
            counts=_row([overall.get(v, 0) for v, _l in options], hide_small),
        )
        if group_field:
            groups = []
            for key, by_choice in per[q.pk].items():
                groups.append(
                    GroupTally(
                        label=names.get(key, "") if key else str(_unknown()),
                        total=_cell(sum(by_choice.values()), hide_small),
                        counts=_row([by_choice.get(v, 0) for v, _l in options], hide_small),
                    )
                )
            tally.groups = sorted(groups, key=lambda g: (-g.total.n, g.label))
        result.append(tally)
    return result


def _unknown() -> str:
    from django.utils.translation import gettext

    return gettext("Workplace not known")


def _group_names(by: str, keys: set[Any]) -> dict[Any, str]:
    ids = [k for k in keys if k]
    if by == "council":
        return dict(Council.objects.filter(pk__in=ids).values_list("pk", "name"))
    if by == "provider":
        return dict(Provider.objects.filter(pk__in=ids).values_list("pk", "name"))
    return {}


# --- Worker-reported evidence on a charter target ---------------------------------------------


@dataclass
class ReportedEvidence:
    commitment: Commitment
    met: CountCell
    not_met: CountCell
    unsure: CountCell
    answered: CountCell
    met_share: float | None


@dataclass
class ProviderEvidence:
    name: str
    answered: CountCell
    met_share: float | None


@dataclass
class TargetEvidence:
    rows: list[ReportedEvidence]
    providers: list[ProviderEvidence]
    respondents: CountCell

    @property
    def empty(self) -> bool:
        return not self.rows


def _target_answers(target: Target) -> QuerySet[Answer] | None:
    answers = Answer.objects.filter(question__commitment__isnull=False)
    if target.kind == TargetKind.COUNCIL and target.council_id:
        return answers.filter(submission__council_id=target.council_id)
    if target.kind == TargetKind.PROVIDER and target.provider_id:
        return answers.filter(submission__provider_id=target.provider_id)
    if target.kind == TargetKind.MAYOR and target.combined_authority_id:
        return answers.filter(
            submission__council__combined_authority_id=target.combined_authority_id
        )
    return None


def target_evidence(target: Target, *, hide_small: bool = True) -> TargetEvidence:
    """What workers told the surveys about each commitment where ``target`` answers for it:
    a council's homes and agencies, a provider's, a combined authority's councils'."""
    answers = _target_answers(target)
    if answers is None:
        return TargetEvidence([], [], _cell(0, hide_small))
    meets: dict[tuple[int, str], bool] = {}
    for q in Question.objects.filter(pk__in=answers.values("question_id")):
        for c in q.choices:
            if "meets" in c:
                meets[(q.pk, str(c["value"]))] = bool(c["meets"])
    counts: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    by_provider: dict[int | None, dict[str, set[tuple[int, int]]]] = defaultdict(
        lambda: defaultdict(set)
    )
    respondents: set[int] = set()
    for q_id, commitment_id, choice, submission_id, provider_id in answers.values_list(
        "question_id",
        "question__commitment_id",
        "choice",
        "submission_id",
        "submission__provider_id",
    ):
        verdict = meets.get((q_id, choice))
        kind = "unsure" if verdict is None else "met" if verdict else "not_met"
        counts[commitment_id][kind].add(submission_id)
        counts[commitment_id]["answered"].add(submission_id)
        respondents.add(submission_id)
        by_provider[provider_id][kind].add((commitment_id, submission_id))
        by_provider[provider_id]["people"].add((0, submission_id))
    commitments = Commitment.objects.filter(pk__in=counts.keys()).select_related("charter")
    rows = []
    for c in sorted(commitments, key=lambda c: (c.charter.position, c.position, c.pk)):
        k = counts[c.pk]
        met, not_met, answered = len(k["met"]), len(k["not_met"]), len(k["answered"])
        met_cell, not_met_cell, unsure_cell = _row([met, not_met, len(k["unsure"])], hide_small)
        shown = HIDDEN_WITH_ANOTHER not in (met_cell.shown, not_met_cell.shown)
        rows.append(
            ReportedEvidence(
                commitment=c,
                met=met_cell,
                not_met=not_met_cell,
                unsure=unsure_cell,
                answered=_cell(answered, hide_small),
                # A share of two counts, one hidden, would give it back.
                met_share=_share(met, met + not_met, hide_small) if shown else None,
            )
        )
    names = dict(
        Provider.objects.filter(pk__in=[p for p in by_provider if p]).values_list("pk", "name")
    )
    providers = []
    for provider_key, pk_sets in by_provider.items():
        if provider_key is None:
            continue
        people = len({s for _c, s in pk_sets["people"]})
        met, not_met = len(pk_sets["met"]), len(pk_sets["not_met"])
        providers.append(
            ProviderEvidence(
                name=names.get(provider_key, ""),
                answered=_cell(people, hide_small),
                met_share=None
                if hide_small and is_suppressed(people)
                else _share(met, met + not_met, hide_small),
            )
        )
    providers.sort(key=lambda p: (-p.answered.n, p.name))
    return TargetEvidence(rows, providers, _cell(len(respondents), hide_small))


def _share(part: int, whole: int, hide_small: bool) -> float | None:
    if not whole:
        return None
    if hide_small:
        return suppress_share(part, whole)
    return part / whole
