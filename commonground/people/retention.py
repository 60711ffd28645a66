"""Retention rules: what ``commonground purge`` erases, clears or deletes, and when.

The periods are in ``settings.COMMONGROUND_RETENTION`` (docs/data-protection.md):

- ``contacts``: people who are not members — no membership, status non-member or unknown, or
  lapsed more than ``LAPSED_MEMBER_YEARS`` ago — with no conversation, assessment or change
  to their record for ``CONTACT_INACTIVE_MONTHS`` are erased (anonymised, as a request for
  erasure would: the row stays, so counts do not move).
- ``notes``: the free text of one-to-ones (notes, next step) and assessments (note) older
  than ``NOTES_MONTHS`` is cleared; the dates, outcomes and values stay.
- ``import_files``: uploaded extracts and rejected-row files older than
  ``IMPORT_FILE_DAYS`` are deleted (every file under ``MEDIA_ROOT/imports/``).
- ``message_bodies``: the subject and body of emails and texts sent more than
  ``MESSAGE_BODY_MONTHS`` ago are cleared (the record of the send and its status stay).

Each rule is applied in its own transaction and writes one audit row
(``people.retention.purged``) with the rule, the cut-off, the counts and the ids it touched.
No names leave this module: reports are counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from commonground.audit.log import log_action
from commonground.people.actions import erase_people_for_retention
from commonground.people.models import Assessment, Conversation, MembershipStatus, Person

ACTOR = "purge"
DEFAULTS = {
    "CONTACT_INACTIVE_MONTHS": 24,
    "LAPSED_MEMBER_YEARS": 2,
    "NOTES_MONTHS": 36,
    "IMPORT_FILE_DAYS": 90,
    "MESSAGE_BODY_MONTHS": 12,
}


def periods() -> dict[str, int]:
    configured = getattr(settings, "COMMONGROUND_RETENTION", {}) or {}
    return {k: int(configured.get(k, v)) for k, v in DEFAULTS.items()}


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


@dataclass
class RuleResult:
    rule: str
    cutoff: str
    counts: dict[str, int]
    ids: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"cutoff": self.cutoff, **self.counts}


# -- contacts ---------------------------------------------------------------------------


def stale_contacts(now: datetime.datetime | None = None) -> QuerySet[Person]:
    """People the ``contacts`` rule would erase at ``now``."""
    now = now or timezone.now()
    p = periods()
    cutoff = months_before(now, p["CONTACT_INACTIVE_MONTHS"])
    lapsed_before = months_before(now, 12 * p["LAPSED_MEMBER_YEARS"]).date()
    not_member = (
        Q(membership__isnull=True)
        | Q(membership__status__in=(MembershipStatus.NON_MEMBER, MembershipStatus.UNKNOWN))
        | Q(membership__status=MembershipStatus.LAPSED, membership__lapsed__lte=lapsed_before)
    )
    recent_talk = Conversation.objects.filter(person=OuterRef("pk"), at__gte=cutoff)
    recent_assessment = Assessment.objects.filter(person=OuterRef("pk"), at__gte=cutoff)
    return (
        Person.objects.not_erased()
        .filter(not_member, created__lt=cutoff, updated__lt=cutoff)
        .exclude(last_contacted__gte=cutoff)
        .exclude(assessed_at__gte=cutoff)
        .exclude(Exists(recent_talk))
        .exclude(Exists(recent_assessment))
    )


def _contacts(now: datetime.datetime, apply: bool) -> RuleResult:
    cutoff = months_before(now, periods()["CONTACT_INACTIVE_MONTHS"])
    ids = list(stale_contacts(now).order_by("pk").values_list("pk", flat=True))
    if apply and ids:
        erase_people_for_retention(ACTOR, ids, reason="retention: contacts")
    return RuleResult("contacts", cutoff.date().isoformat(), {"people": len(ids)}, ids)


# -- notes ------------------------------------------------------------------------------


def _notes(now: datetime.datetime, apply: bool) -> RuleResult:
    cutoff = months_before(now, periods()["NOTES_MONTHS"])
    conversations = Conversation.objects.filter(at__lt=cutoff).filter(
        ~Q(notes="") | ~Q(next_step="")
    )
    assessments = Assessment.objects.filter(at__lt=cutoff).exclude(note="")
    conversation_ids = list(conversations.order_by("pk").values_list("pk", flat=True))
    assessment_ids = list(assessments.order_by("pk").values_list("pk", flat=True))
    if apply:
        Conversation.objects.filter(pk__in=conversation_ids).update(notes="", next_step="")
        Assessment.objects.filter(pk__in=assessment_ids).update(note="")
    people = set(
        Conversation.objects.filter(pk__in=conversation_ids).values_list("person_id", flat=True)
    ) | set(Assessment.objects.filter(pk__in=assessment_ids).values_list("person_id", flat=True))
    return RuleResult(
        "notes",
        cutoff.date().isoformat(),
        {
            "conversations": len(conversation_ids),
            "assessments": len(assessment_ids),
            "people": len(people),
        },
        conversation_ids,
        {"assessment_ids": assessment_ids},
    )


# -- import files -----------------------------------------------------------------------


def _import_files(now: datetime.datetime, apply: bool) -> RuleResult:
    from commonground.imports.models import ImportRun, RunStatus

    cutoff = now - datetime.timedelta(days=periods()["IMPORT_FILE_DAYS"])
    media = Path(settings.MEDIA_ROOT)
    runs = (
        ImportRun.objects.filter(created__lt=cutoff)
        .exclude(status__in=(RunStatus.QUEUED, RunStatus.RUNNING))
        .filter(~Q(file="") | ~Q(rejected_file=""))
        .order_by("pk")
    )
    paths: set[Path] = set()
    run_ids: list[int] = []
    for run in runs:
        run_ids.append(run.pk)
        for name in (run.file.name, run.rejected_file.name):
            if name and (media / name).is_file():
                paths.add(media / name)
    # Files no run points at any more (a CLI run, an interrupted upload): by age on disk.
    root = media / "imports"
    if root.is_dir():
        for path in root.rglob("*"):
            if path.is_file() and path.stat().st_mtime < cutoff.timestamp():
                paths.add(path)
    if apply:
        ImportRun.objects.filter(pk__in=run_ids).update(file="", rejected_file="")
        doomed = sorted(paths)
        transaction.on_commit(lambda: _unlink(doomed))
    return RuleResult(
        "import_files",
        cutoff.date().isoformat(),
        {"runs": len(run_ids), "files": len(paths)},
        run_ids,
    )


def _unlink(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


RULES: dict[str, Callable[[datetime.datetime, bool], RuleResult]] = {
    "contacts": _contacts,
    "notes": _notes,
    "import_files": _import_files,
}


def register_rule(name: str, rule: Callable[[datetime.datetime, bool], RuleResult]) -> None:
    """Add an app's retention rule (run by ``purge`` after the rules above).

    Apps above ``people`` register here from their ``AppConfig.ready`` (outreach's message
    bodies), so people need not know them.
    """
    if RULES.get(name, rule) is not rule:
        raise ValueError(f"a retention rule named {name!r} is already registered")
    RULES[name] = rule


def purge(
    *, apply: bool, rules: list[str] | None = None, now: datetime.datetime | None = None
) -> dict[str, RuleResult]:
    """Run the retention rules (``apply=False``: count only). One transaction per rule."""
    now = now or timezone.now()
    results: dict[str, RuleResult] = {}
    for name in rules or list(RULES):
        with transaction.atomic():
            result = RULES[name](now, apply)
            if apply and any(result.counts.values()):
                data: dict[str, Any] = {
                    "rule": name,
                    "cutoff": result.cutoff,
                    "counts": result.counts,
                    "ids": result.ids,
                    "periods": periods(),
                    **result.extra,
                }
                log_action(None, "people.retention.purged", ACTOR, data)
        results[name] = result
    return results
