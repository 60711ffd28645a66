"""Every write a reviewer makes: accept or reject a review item, remember an alias."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.linkage.models import UNDECIDED, LinkAlias, ReviewItem, ReviewStatus
from commonground.linkage.services import alias_text, district_of
from commonground.people.actions import link_person_to_location
from commonground.register.models import Location, Provider


def _require_change(actor: User) -> None:
    if not has_perm(actor, "change_linkage"):
        raise PermissionDenied(_("You may not change linkage."))


@transaction.atomic
def remember_alias(
    actor: User | None,
    text: str,
    postcode: str,
    location: Location | None = None,
    provider: Provider | None = None,
    *,
    request: HttpRequest | None = None,
) -> LinkAlias | None:
    """Remember that ``text`` (written with ``postcode``) means ``location``/``provider``.

    The same text and district confirmed again for another target replaces the old one (the
    latest decision wins) and says so in the audit row. Returns None for text with nothing
    distinctive in it ("care home").
    """
    key = LinkAlias.key_for(text)
    if not key or (location is None and provider is None):
        return None
    if provider is None and location is not None and location.provider_id:
        provider = location.provider
    district = district_of(postcode)
    alias = LinkAlias.objects.select_for_update().filter(key=key, district=district).first()
    before = (alias.location_id, alias.provider_id) if alias else None
    if alias is None:
        alias = LinkAlias(key=key, district=district)
    elif before == (getattr(location, "pk", None), getattr(provider, "pk", None)):
        return alias
    alias.text = text[:200]
    alias.location = location
    alias.provider = provider
    alias.confirmed_by = actor
    alias.confirmed_at = timezone.now()
    alias.save()
    log_action(
        alias,
        "linkage.alias.changed" if before else "linkage.alias.created",
        actor,
        {
            "key": alias.key,
            "district": district,
            "location": alias.location_id,
            "provider": alias.provider_id,
            "from": list(before) if before else None,
        },
        request=request,
    )
    return alias


def _claim(item: ReviewItem, actor: User, status: str, **fields: Any) -> None:
    """Decide an undecided item once: a conditional update, so two reviewers cannot both."""
    now = timezone.now()
    updated = ReviewItem.objects.filter(pk=item.pk, status__in=UNDECIDED).update(
        status=status, decided_by=actor, decided_at=now, updated=now, **fields
    )
    if updated != 1:
        raise ValidationError(_("Someone has already decided this record."))
    item.status, item.decided_by, item.decided_at = status, actor, now
    for name, value in fields.items():
        setattr(item, name, value)


@transaction.atomic
def accept_review_item(
    actor: User,
    item: ReviewItem,
    *,
    location: Location | None = None,
    provider: Provider | None = None,
    remember: bool = True,
    request: HttpRequest | None = None,
) -> ReviewItem:
    """Link the item's person to ``location`` (or only ``provider``) and remember the text.

    ``location`` may be one of the candidates or any location found by searching the register.
    """
    _require_change(actor)
    if location is None and provider is None:
        raise ValidationError(_("Choose a location or a provider."))
    if provider is None and location is not None and location.provider_id:
        provider = location.provider
    score = next(
        (
            c.get("score")
            for c in item.candidates
            if location is not None and c.get("location_id") == location.pk
        ),
        None,
    )
    _claim(item, actor, ReviewStatus.ACCEPTED, location=location, provider=provider)
    link_person_to_location(actor, item.person, location, provider, method="confirmed", score=score)
    alias = None
    if remember:
        alias = remember_alias(
            actor,
            alias_text(item.workplace_text, item.employer_text),
            item.postcode,
            location,
            provider,
            request=request,
        )
    rank = next(
        (
            i + 1
            for i, c in enumerate(item.candidates)
            if location is not None and c.get("location_id") == location.pk
        ),
        None,
    )
    log_action(
        item,
        "linkage.reviewitem.accepted",
        actor,
        {
            "person": item.person_id,
            "location": getattr(location, "pk", None),
            "provider": getattr(provider, "pk", None),
            "candidate_rank": rank,
            "alias": alias.pk if alias else None,
        },
        request=request,
    )
    return item


@transaction.atomic
def reject_review_item(
    actor: User, item: ReviewItem, *, request: HttpRequest | None = None
) -> ReviewItem:
    """None of the candidates: leave the person unlinked (a wrong link is worse than none).

    The record is not queued again until its workplace text changes.
    """
    _require_change(actor)
    _claim(item, actor, ReviewStatus.REJECTED)
    log_action(
        item,
        "linkage.reviewitem.rejected",
        actor,
        {"person": item.person_id, "candidates": [c.get("location_id") for c in item.candidates]},
        request=request,
    )
    return item
