"""Every write to motions: permission checked, audited (docs/style.md §3)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.motions.importing import body_for, text_hash
from commonground.motions.models import CallToAction, Motion, Update
from commonground.motions.parser import DECISIONS, ParsedMotion


def _require(actor: Any) -> None:
    # ``actor`` is None for the import command (the system acting).
    if actor is not None and not has_perm(actor, "change_motions"):
        raise PermissionDenied


@transaction.atomic
def import_motion(
    actor: User | None,
    parsed: ParsedMotion,
    text: str,
    *,
    source: str = "paste",
    request: HttpRequest | None = None,
) -> tuple[Motion, bool]:
    """Save a parsed motion and its calls; ``(motion, created)``.

    The same text imported twice returns the first import (keyed on its hash), so the
    command and the web form can be re-run safely. Missing metadata is stored empty.
    """
    _require(actor)
    digest = text_hash(text)
    existing = Motion.objects.filter(source_hash=digest).first()
    if existing is not None:
        return existing, False
    decision = parsed.decision if parsed.decision in DECISIONS else ""
    motion = Motion.objects.create(
        title=(parsed.title or "")[:300],
        conference=(parsed.conference or "")[:200],
        date=parsed.date,
        decision=decision or "",
        calls_on=(parsed.calls_on or "")[:300],
        text=parsed.body or text,
        source_text=text,
        source_hash=digest,
        warnings=list(parsed.warnings),
        created_by=actor,
    )
    seen: set[int] = set()
    calls = []
    for call in parsed.calls:
        number = call.number
        # A page can repeat a number (two lists); keep every call, renumbering clashes.
        while number in seen:
            number += 1
        seen.add(number)
        calls.append(
            CallToAction(
                motion=motion,
                number=number,
                text=call.text,
                # Each call's own addressee: a motion may call on several bodies.
                responsible_body=body_for(call.addressee or parsed.calls_on),
                responsible_detail=(call.addressee or parsed.calls_on or "")[:300],
            )
        )
    CallToAction.objects.bulk_create(calls)
    log_action(
        motion,
        "motions.motion.imported",
        actor if actor is not None else "import-motion",
        {"source": source, "calls": len(calls), "missing": missing_fields(parsed)},
        request=request,
    )
    return motion, True


def missing_fields(parsed: ParsedMotion) -> list[str]:
    data = parsed.to_json()
    return [k for k in ("title", "conference", "date", "decision", "calls_on") if not data[k]]


@transaction.atomic
def update_call(
    actor: User, call: CallToAction, update: Update, *, request: HttpRequest | None = None
) -> Update:
    """Record progress on a call to action; the call takes the update's status."""
    _require(actor)
    previous = call.status
    update.call = call
    update.created_by = actor
    update.save()
    call.status = update.status
    call.save(update_fields=["status"])
    log_action(
        call.motion,
        "motions.call.updated",
        actor,
        {
            "call": call.number,
            "from": previous,
            "to": update.status,
            "library_item": update.library_item_id,
            "campaign": update.campaign_id,
        },
        request=request,
    )
    return update


@transaction.atomic
def set_responsible(
    actor: User, call: CallToAction, body: str, detail: str, *, request: HttpRequest | None = None
) -> CallToAction:
    _require(actor)
    before = {"body": call.responsible_body, "detail": call.responsible_detail}
    call.responsible_body = body
    call.responsible_detail = detail[:300]
    call.save(update_fields=["responsible_body", "responsible_detail"])
    log_action(
        call.motion,
        "motions.call.assigned",
        actor,
        {"call": call.number, "from": before, "to": {"body": body, "detail": detail}},
        request=request,
    )
    return call


@transaction.atomic
def save_motion(actor: User, motion: Motion, *, request: HttpRequest | None = None) -> Motion:
    """Correct a motion's metadata (e.g. fill in what the source page lacked)."""
    _require(actor)
    fields = ["title", "conference", "date", "decision", "calls_on"]
    original = Motion.objects.get(pk=motion.pk)
    changes = {
        f: {"from": str(getattr(original, f) or ""), "to": str(getattr(motion, f) or "")}
        for f in fields
        if getattr(original, f) != getattr(motion, f)
    }
    motion.save(update_fields=fields)
    if changes:
        log_action(motion, "motions.motion.changed", actor, {"changed": changes}, request=request)
    return motion
