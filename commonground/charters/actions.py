"""Every write to charter work: one verb per change, each audited (docs/style.md §3–4).

``actor`` is the user acting, or ``None`` for the system (demo seeding, migrations); a
user's permission is checked here too, so commands and the API cannot skip it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.accounts.models import Branch, User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.charters.letters import merge_template
from commonground.charters.models import (
    PIPELINE,
    SIGNED_STATES,
    Charter,
    Commitment,
    CommitmentCompliance,
    CommitmentRevision,
    Compliance,
    Evidence,
    Letter,
    LetterTemplate,
    Status,
    StatusChange,
    Target,
    TargetKind,
    TargetStatus,
)
from commonground.register.models import Council, Region


def _require(actor: User | None, perm: str) -> None:
    if actor is not None and not has_perm(actor, perm):
        raise PermissionDenied


def _require_admin(actor: User | None) -> None:
    if actor is not None and not actor.is_admin:
        raise PermissionDenied


def status_for(target: Target, charter: Charter) -> TargetStatus:
    """The target's row for ``charter``, created as *not approached* when first needed.

    Creating the row changes nothing a person could see (no row reads as not approached), so it
    is not audited; every later change is.
    """
    ts, _created = TargetStatus.objects.get_or_create(target=target, charter=charter)
    return ts


@transaction.atomic
def create_target(
    actor: User | None, *, request: HttpRequest | None = None, **fields: Any
) -> Target:
    """Add a target (council, mayor's office, candidate or provider)."""
    _require(actor, "change_charters")
    target = Target(**fields)
    target.full_clean()
    target.save()
    log_action(
        target,
        "charters.target.created",
        actor,
        {"kind": target.kind, "name": target.name},
        request=request,
    )
    return target


@transaction.atomic
def update_target(
    actor: User | None,
    target: Target,
    fields: dict[str, Any],
    *,
    request: HttpRequest | None = None,
) -> list[str]:
    """Change a target's details; returns the names of the fields that changed."""
    _require(actor, "change_charters")
    changed = {}
    for name, value in fields.items():
        old = getattr(target, name)
        if old != value:
            changed[name] = {"from": str(old) if old is not None else None, "to": str(value)}
            setattr(target, name, value)
    if changed:
        target.full_clean()
        target.save(update_fields=list(changed))
        log_action(target, "charters.target.changed", actor, {"changed": changed}, request=request)
    return list(changed)


@transaction.atomic
def add_council_targets(
    actor: User | None, region: Region, *, request: HttpRequest | None = None
) -> int:
    """Make every council with social care duties in ``region`` a target (idempotent)."""
    _require(actor, "change_charters")
    existing = set(
        Target.objects.filter(kind=TargetKind.COUNCIL, region=region).values_list(
            "council_id", flat=True
        )
    )
    councils = Council.objects.filter(region=region, active=True).exclude(kind="district")
    new = [
        Target(
            kind=TargetKind.COUNCIL,
            name=c.name,
            region=region,
            council=c,
            office=_("Leader of the council"),
        )
        for c in councils
        if c.pk not in existing
    ]
    Target.objects.bulk_create(new)
    if new:
        log_action(
            region,
            "charters.target.councils_added",
            actor,
            {"count": len(new), "councils": [t.name for t in new]},
            request=request,
        )
    return len(new)


@transaction.atomic
def change_status(
    actor: User | None,
    target_status: TargetStatus,
    to_status: str,
    *,
    on: datetime.date | None = None,
    note: str = "",
    letter: Letter | None = None,
    request: HttpRequest | None = None,
) -> StatusChange:
    """Move a target along the pipeline (or to declined/lapsed), leaving a dated step."""
    _require(actor, "change_charters")
    if to_status not in Status.values:
        raise ValidationError(_("Unknown status."))
    on = on or timezone.localdate()
    ts = TargetStatus.objects.select_for_update().get(pk=target_status.pk)
    step = StatusChange.objects.create(
        target_status=ts,
        from_status=ts.status,
        to_status=to_status,
        on=on,
        note=note,
        by=actor,
        letter=letter,
    )
    fields = ["status", "status_since", "updated"]
    previous = ts.status
    ts.status = to_status
    ts.status_since = on
    if to_status in SIGNED_STATES and ts.signed_on is None:
        ts.signed_on = on
        fields.append("signed_on")
    ts.save(update_fields=fields)
    if to_status in SIGNED_STATES:
        _open_compliance(ts)
    target_status.refresh_from_db()
    log_action(
        ts,
        "charters.targetstatus.changed",
        actor,
        {"from": previous, "to": to_status, "on": on.isoformat(), "note": note},
        request=request,
    )
    return step


def _open_compliance(ts: TargetStatus) -> None:
    """Once signed, every (non-placeholder) commitment gets a compliance row: not started."""
    have = set(ts.compliance.values_list("commitment_id", flat=True))
    CommitmentCompliance.objects.bulk_create(
        CommitmentCompliance(target_status=ts, commitment=c)
        for c in ts.charter.commitments.filter(is_placeholder=False)
        if c.pk not in have
    )


@transaction.atomic
def record_pledge_outcome(
    actor: User | None,
    target_status: TargetStatus,
    *,
    elected: bool | None,
    honoured: bool | None,
    request: HttpRequest | None = None,
) -> None:
    """For a candidate: were they elected, and did they honour their pledge? Refused before
    the election, and "honoured" for someone not elected (``Target.pledge_outcome_problem``)."""
    _require(actor, "change_charters")
    target = target_status.target
    problem = target.pledge_outcome_problem(elected, honoured, timezone.localdate())
    if problem:
        raise ValidationError(problem)
    target.elected = elected
    target.save(update_fields=["elected"])
    target_status.pledge_honoured = honoured
    target_status.save(update_fields=["pledge_honoured", "updated"])
    log_action(
        target_status,
        "charters.targetstatus.pledge_outcome",
        actor,
        {"elected": elected, "honoured": honoured},
        request=request,
    )


@transaction.atomic
def generate_letter(
    actor: User | None,
    target_status: TargetStatus,
    template: LetterTemplate,
    *,
    signatory: str,
    branch: Branch | None = None,
    request: HttpRequest | None = None,
) -> Letter:
    """Merge ``template`` for this target and store the letter exactly as generated."""
    _require(actor, "change_charters")
    subject, body = merge_template(template, target_status, signatory=signatory, branch=branch)
    target = target_status.target
    letter = Letter.objects.create(
        target_status=target_status,
        template=template,
        recipient=target.contact_name or target.office or target.name,
        office=target.office,
        address=target.contact_address,
        subject=subject,
        body=body,
        signatory=signatory,
        branch=branch,
        created_by=actor,
    )
    log_action(
        letter,
        "charters.letter.created",
        actor,
        {"target": target.name, "charter": target_status.charter.slug, "template": template.pk},
        branch_id=target.branch_id,
        request=request,
    )
    return letter


@transaction.atomic
def record_letter_sent(
    actor: User | None,
    letter: Letter,
    *,
    on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> StatusChange:
    """Record that the letter went out: a step on the target's trail, pointing at the letter.

    A target not yet approached moves to *letter sent*; one further along keeps its status and
    gains a dated step saying a letter was sent.
    """
    _require(actor, "change_charters")
    on = on or timezone.localdate()
    letter.sent_on = on
    letter.save(update_fields=["sent_on"])
    ts = letter.target_status
    note = _("Letter sent: %(subject)s") % {"subject": letter.subject}
    if ts.status == Status.NOT_APPROACHED:
        to_status = Status.LETTER_SENT.value
    else:
        to_status = ts.status
    log_action(letter, "charters.letter.sent", actor, {"on": on.isoformat()}, request=request)
    return change_status(actor, ts, to_status, on=on, note=note, letter=letter, request=request)


@transaction.atomic
def record_compliance(
    actor: User | None,
    target_status: TargetStatus,
    commitment: Commitment,
    state: str,
    *,
    note: str = "",
    url: str = "",
    file: File[Any] | None = None,
    on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Evidence:
    """Judge one commitment for a signed target, with evidence (a file, a link or a note)."""
    _require(actor, "change_charters")
    if target_status.status not in SIGNED_STATES:
        raise ValidationError(_("Compliance is recorded only once the charter is signed."))
    if commitment.charter_id != target_status.charter_id:
        raise ValidationError(_("That commitment belongs to another charter."))
    if state not in Compliance.values:
        raise ValidationError(_("Unknown compliance state."))
    if not (note or url or file):
        raise ValidationError(_("Give some evidence: a file, a link or a note."))
    compliance, _created = CommitmentCompliance.objects.get_or_create(
        target_status=target_status, commitment=commitment
    )
    previous = compliance.state
    compliance.state = state
    compliance.updated_by = actor
    compliance.save(update_fields=["state", "updated_by", "updated"])
    evidence = Evidence(
        compliance=compliance,
        state=state,
        note=note,
        url=url,
        on=on or timezone.localdate(),
        by=actor,
    )
    if file is not None:
        evidence.file.save(file.name or "evidence", file, save=False)
    evidence.save()
    log_action(
        target_status,
        "charters.compliance.recorded",
        actor,
        {
            "commitment": commitment.number,
            "from": previous,
            "to": state,
            "evidence": evidence.pk,
            "file": evidence.filename,
            "url": url,
        },
        request=request,
    )
    return evidence


_COMMITMENT_FIELDS = (
    "number",
    "stage",
    "applies_to",
    "text",
    "wording_unverified",
    "is_placeholder",
)


@transaction.atomic
def save_commitment(
    actor: User | None,
    commitment: Commitment,
    *,
    request: HttpRequest | None = None,
    previous: dict[str, Any] | None = None,
) -> Commitment:
    """Add (no pk yet) or edit a commitment, keeping the old wording as a revision."""
    _require_admin(actor)
    creating = commitment.pk is None
    if creating:
        top = Commitment.objects.filter(charter=commitment.charter).aggregate(m=Max("position"))
        commitment.position = (top["m"] or 0) + 10
        commitment.save()
        CommitmentRevision.objects.create(
            commitment=commitment, by=actor, changes={"created": True}
        )
        log_action(
            commitment,
            "charters.commitment.created",
            actor,
            {"number": commitment.number},
            request=request,
        )
        return commitment
    previous = previous or {}
    changes = {
        f: {"from": previous[f], "to": getattr(commitment, f)}
        for f in _COMMITMENT_FIELDS
        if f in previous and previous[f] != getattr(commitment, f)
    }
    if changes:
        commitment.save(update_fields=list(changes))
        CommitmentRevision.objects.create(commitment=commitment, by=actor, changes=changes)
        log_action(
            commitment, "charters.commitment.changed", actor, {"changes": changes}, request=request
        )
    return commitment


@transaction.atomic
def move_commitment(
    actor: User | None,
    commitment: Commitment,
    direction: int,
    *,
    request: HttpRequest | None = None,
) -> bool:
    """Swap a commitment with its neighbour (``direction`` -1 up, +1 down)."""
    _require_admin(actor)
    siblings = list(
        Commitment.objects.filter(charter=commitment.charter).order_by("position", "id")
    )
    # Renumber first so that equal positions cannot make a swap a no-op.
    for i, c in enumerate(siblings):
        c.position = (i + 1) * 10
    index = next(i for i, c in enumerate(siblings) if c.pk == commitment.pk)
    other_index = index + direction
    if not 0 <= other_index < len(siblings):
        return False
    other = siblings[other_index]
    me = siblings[index]
    me.position, other.position = other.position, me.position
    Commitment.objects.bulk_update(siblings, ["position"])
    CommitmentRevision.objects.create(
        commitment=me, by=actor, changes={"moved": "up" if direction < 0 else "down"}
    )
    log_action(
        me,
        "charters.commitment.moved",
        actor,
        {"direction": "up" if direction < 0 else "down", "swapped_with": other.number},
        request=request,
    )
    return True


@transaction.atomic
def update_charter(
    actor: User | None,
    charter: Charter,
    previous: dict[str, Any],
    *,
    request: HttpRequest | None = None,
) -> None:
    """Save edits to a charter's description and completeness flag."""
    _require_admin(actor)
    changes = {
        f: {"from": v, "to": getattr(charter, f)}
        for f, v in previous.items()
        if v != getattr(charter, f)
    }
    if changes:
        charter.save(update_fields=list(changes))
        log_action(
            charter, "charters.charter.changed", actor, {"changes": changes}, request=request
        )


@transaction.atomic
def set_scoreboard_published(
    actor: User | None, charter: Charter, published: bool, *, request: HttpRequest | None = None
) -> None:
    """Publish or withdraw the charter's public scoreboard (statuses only, no personal data)."""
    _require(actor, "publish_charters")
    charter.scoreboard_published = published
    charter.scoreboard_published_at = timezone.now() if published else None
    charter.save(update_fields=["scoreboard_published", "scoreboard_published_at"])
    log_action(
        charter,
        "charters.charter.published" if published else "charters.charter.withdrawn",
        actor,
        {},
        request=request,
    )


def next_steps(status: str) -> list[str]:
    """The statuses a target may move to next (anything is allowed; these are suggested)."""
    if status in PIPELINE:
        i = PIPELINE.index(Status(status))
        return [s.value for s in PIPELINE[i + 1 : i + 2]]
    return [Status.NOT_APPROACHED.value]
