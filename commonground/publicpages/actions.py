"""Every write to public pages that matters: permission and scope, atomic write, audit row.

:func:`receive_submission` is the public side: it links the workplace (the register's
engine, as an import does), routes the submission to the branch that covers the workplace's
council, creates or updates the contact through ``people.actions`` and records the answers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.accounts.models import Branch, User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import deferred, log_action
from commonground.lib import datacache
from commonground.linkage.engine import Match, Query
from commonground.linkage.services import LinkOutcome, cached_register, link_person
from commonground.outreach.actions import record_consents
from commonground.outreach.models import Channel, ConsentSource
from commonground.people.actions import contact_from_public_page, link_person_to_location
from commonground.publicpages.access import can_change_page, submissions_visible_to
from commonground.publicpages.models import (
    Answer,
    ContactOutcome,
    LinkDecision,
    Page,
    Question,
    Submission,
    SubmissionStatus,
)
from commonground.publicpages.public_forms import Received
from commonground.register.models import Location, Provider, RegistrationStatus

PAGE_FIELDS = (
    "title",
    "slug",
    "branch",
    "intro",
    "consent_wording",
    "thanks",
    "ask_workplace",
    "languages",
    "campaign",
    "charter_target",
    "charter",
    "partner",
    "goal",
    "show_count",
)
TRANSLATED_PAGE_FIELDS = ("title", "intro", "consent_wording", "thanks")


def _require_change(actor: User, page: Page | None = None) -> None:
    if not has_perm(actor, "change_pages"):
        raise PermissionDenied
    if page is not None and not can_change_page(actor, page):
        raise PermissionDenied


def _logged(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.pk if hasattr(v, "pk") else v) for k, v in values.items()}


# --- Pages -------------------------------------------------------------------------------------


@transaction.atomic
def create_page(
    actor: User, *, kind: str, values: dict[str, Any], request: HttpRequest | None = None
) -> Page:
    _require_change(actor)
    branch = values.get("branch")
    if not isinstance(branch, Branch):
        raise ValidationError(_("Choose the branch that runs the page."))
    fields = {k: v for k, v in values.items() if k in PAGE_FIELDS}
    page = Page(kind=kind, region_id=branch.region_id, created_by=actor, **fields)
    page.full_clean()
    page.save()
    log_action(page, "publicpages.page.created", actor, _logged(fields), request=request)
    return page


@transaction.atomic
def update_page(
    actor: User, page: Page, changes: dict[str, Any], *, request: HttpRequest | None = None
) -> list[str]:
    """Change a page; a new consent wording gets a new version number."""
    _require_change(actor, page)
    changed = []
    for name, value in changes.items():
        if name in PAGE_FIELDS and getattr(page, name) != value:
            setattr(page, name, value)
            changed.append(name)
    if not changed:
        return []
    if "consent_wording" in changed:
        page.consent_version += 1
        changed.append("consent_version")
    if "branch" in changed and page.branch.region_id != page.region_id:
        raise ValidationError(_("The branch must be in the page's region."))
    page.full_clean()
    page.save(update_fields=[*changed, "updated"])
    log_action(
        page,
        "publicpages.page.changed",
        actor,
        {"fields": changed, "consent_version": page.consent_version},
        request=request,
    )
    return changed


@transaction.atomic
def set_page_open(
    actor: User, page: Page, is_open: bool, *, request: HttpRequest | None = None
) -> None:
    _require_change(actor, page)
    if page.is_open == is_open:
        return
    page.is_open = is_open
    now = timezone.now()
    if is_open:
        page.opened_at, page.closed_at = now, None
    else:
        page.closed_at = now
    page.save(update_fields=["is_open", "opened_at", "closed_at", "updated"])
    log_action(
        page,
        "publicpages.page.opened" if is_open else "publicpages.page.closed",
        actor,
        {},
        request=request,
    )


@transaction.atomic
def save_translation(
    actor: User,
    page: Page,
    language: str,
    *,
    page_texts: dict[str, str],
    question_texts: dict[int, dict[str, Any]],
    reviewed: bool,
    request: HttpRequest | None = None,
) -> int:
    """Store ``language``'s text of the page and its questions; returns how many are blank.

    ``reviewed`` records that a fluent speaker checked it (drafts say they need review).
    """
    _require_change(actor, page)
    if language not in page.languages:
        raise ValidationError(_("That language is not enabled on this page."))
    own: dict[str, Any] = {
        k: v.strip() for k, v in page_texts.items() if k in TRANSLATED_PAGE_FIELDS
    }
    own["reviewed"] = bool(reviewed)
    translations = dict(page.translations)
    translations[language] = own
    page.translations = translations
    page.save(update_fields=["translations", "updated"])
    for question in page.questions.all():
        texts = question_texts.get(question.pk)
        if texts is None:
            continue
        q_translations = dict(question.translations)
        q_translations[language] = {
            "text": str(texts.get("text") or "").strip(),
            "help": str(texts.get("help") or "").strip(),
            "choices": {
                str(k): str(v).strip() for k, v in (texts.get("choices") or {}).items() if v
            },
        }
        question.translations = q_translations
        question.save(update_fields=["translations"])
    missing = len(untranslated(page, language))
    log_action(
        page,
        "publicpages.page.translated",
        actor,
        {"language": language, "untranslated": missing, "reviewed": bool(reviewed)},
        request=request,
    )
    return missing


def untranslated(page: Page, language: str) -> list[str]:
    """What has English text but none in ``language`` (names for the organiser)."""
    missing = []
    own = page.translations.get(language) or {}
    for name in TRANSLATED_PAGE_FIELDS:
        if getattr(page, name) and not own.get(name):
            missing.append(name)
    for q in page.questions.all():
        mine = q.translations.get(language) or {}
        if not mine.get("text"):
            missing.append(f"question {q.position}")
        if q.help and not mine.get("help"):
            missing.append(f"question {q.position} help")
        labels = mine.get("choices") or {}
        missing.extend(
            f"question {q.position} choice {c['value']}"
            for c in q.choices
            if not labels.get(str(c["value"]))
        )
    return missing


@transaction.atomic
def save_question(
    actor: User,
    page: Page,
    question: Question | None,
    values: dict[str, Any],
    *,
    request: HttpRequest | None = None,
) -> Question:
    """Add or change a question. Choice values stay stable when labels change (tallies)."""
    _require_change(actor, page)
    if question is None:
        last = page.questions.order_by("-position").values_list("position", flat=True).first()
        question = Question(page=page, position=(last or 0) + 1)
    lines: list[str] = values.get("choice_lines") or []
    old = list(question.choices)
    choices = []
    for i, label in enumerate(lines):
        value = str(old[i]["value"]) if i < len(old) else f"c{i + 1}"
        keep = (
            {k: v for k, v in old[i].items() if k not in ("value", "label")} if i < len(old) else {}
        )
        choices.append({"value": value, "label": label, **keep})
    if question.pk and question.answers.exists() and values.get("kind") != question.kind:
        raise ValidationError(_("A question with answers keeps its kind."))
    for name in ("text", "help", "kind", "required", "commitment"):
        if name in values:
            setattr(question, name, values[name])
    question.choices = choices
    question.full_clean(exclude=["page"])
    created = question.pk is None
    question.save()
    log_action(
        page,
        "publicpages.question.added" if created else "publicpages.question.changed",
        actor,
        {"question": question.pk, "kind": question.kind},
        request=request,
    )
    return question


@transaction.atomic
def delete_question(actor: User, question: Question, *, request: HttpRequest | None = None) -> None:
    page = question.page
    _require_change(actor, page)
    if question.answers.exists():
        raise ValidationError(_("This question has answers: it cannot be removed."))
    pk = question.pk
    question.delete()
    log_action(page, "publicpages.question.removed", actor, {"question": pk}, request=request)


# --- Submissions ---------------------------------------------------------------------------------


def _coverage(region_id: int) -> dict[int, list[Branch]]:
    """Council → the region's branches covering it, by code (kept per process: see route)."""
    covering: dict[int, list[Branch]] = {}
    for branch in Branch.objects.filter(region_id=region_id).prefetch_related("councils"):
        for council in branch.councils.all():
            covering.setdefault(council.pk, []).append(branch)
    for branches in covering.values():
        branches.sort(key=lambda b: b.code)
    return covering


def route(page: Page, council_id: int | None) -> Branch:
    """The branch that covers the workplace's council (the page's own when it does, else the
    first by code); the page's branch when the workplace or its council is unknown.

    Which branch covers which council changes rarely and every submission asks: the map is
    read once per region and kept for ``lib.datacache``'s lifetime (five minutes; off in
    tests), so routing costs no query."""
    if council_id is not None:
        covering = datacache.cached(
            "publicpages.coverage", page.region_id, ("branches",), lambda: _coverage(page.region_id)
        ).get(council_id, [])
        if any(b.pk == page.branch_id for b in covering):
            return page.branch
        if covering:
            return covering[0]
    return page.branch


def _picked_location(page: Page, location_id: int | None) -> Location | None:
    """A workplace picked from the autocomplete: registered, in the page's region."""
    if not location_id:
        return None
    return (
        Location.objects.filter(
            pk=location_id,
            is_social_care=True,
            registration_status=RegistrationStatus.REGISTERED,
            council__region_id=page.region_id,
        )
        .select_related("provider")
        .first()
    )


def _engine_guess(page: Page, text: str) -> Match | None:
    if not text:
        return None
    reg = cached_register(page.region_id)
    return reg.decide(Query("public", "", text, ""))


def receive_submission(page: Page, received: Received, *, language: str) -> Submission:
    """Record a worker's submission to an open page (the public side; no user).

    The workplace: picked from the register, else the free text through the linkage engine
    (an auto link, or a review item for the person as an import makes). The branch: the one
    covering that workplace's council, else the page's. The contact: created or updated
    through ``people.actions.contact_from_public_page`` (matched on email or mobile), with
    the consent wording shown, its version and the page, and a follow-up for the branch.
    """
    if not page.is_open:
        raise ValidationError(_("This page is closed."))
    actor = f"public page {page.slug}"
    location = _picked_location(page, received.location_id)
    guess = None if location is not None else _engine_guess(page, received.workplace_text)
    if guess is not None and guess.decision == "auto" and guess.location_id:
        location = (
            Location.objects.select_related("provider").filter(pk=int(guess.location_id)).first()
        )
    branch = route(page, location.council_id if location else None)
    consent_text, _fell_back = page.text("consent_wording", language)
    consented = received.consent and bool(consent_text)
    # One chained batch of audit rows at the end: the chain head is locked only then.
    with transaction.atomic(), deferred():
        person = None
        created = False
        outcome = ContactOutcome.NONE
        if received.has_contact:
            person, created = contact_from_public_page(
                actor,
                region_id=page.region_id,
                branch=branch,
                name=received.name,
                email=received.email,
                phone=received.phone,
                workplace_text=received.workplace_text,
                language=language,
                consent_wording=consent_text if consented else "",
                partner=page.partner,
                page_id=page.pk,
            )
            outcome = ContactOutcome.CREATED if created else ContactOutcome.UPDATED
            if not created:
                branch = person.branch  # the branch that already organises them
            if consented:
                _record_consent(actor, person, page, received, consent_text, fresh=created)
        decision, score, provider = _link(person, location, guess, received, actor, created=created)
        if location is not None:
            provider = location.provider
        submission = Submission.objects.create(
            page=page,
            person=person,
            branch=branch,
            language=language,
            workplace_text=received.workplace_text,
            location=location,
            provider=provider,
            council_id=location.council_id if location else None,
            link_decision=decision,
            link_score=score,
            consent=consented,
            consent_wording=consent_text if consented else "",
            consent_version=page.consent_version if consented else 0,
            contact_outcome=outcome,
            partner=page.partner,
        )
        Answer.objects.bulk_create(
            [Answer(submission=submission, question=q, **value) for q, value in received.answers]
        )
        log_action(
            submission,
            "publicpages.submission.received",
            actor,
            {
                "page": page.pk,
                "person": person.pk if person else None,
                "contact": outcome,
                "link": decision,
                "language": language,
                "consent_version": submission.consent_version,
            },
            branch_id=branch.pk,
        )
    return submission


def _record_consent(
    actor: str, person: Any, page: Page, received: Received, wording: str, *, fresh: bool
) -> None:
    """Consent per channel (outreach's record): email for an address given, texts and calls
    for a mobile number given, with the wording shown and the page and its version."""
    channels = ([Channel.EMAIL] if received.email else []) + (
        [Channel.SMS, Channel.PHONE] if received.phone else []
    )
    record_consents(
        actor,
        person,
        channels,
        granted=True,
        wording=wording,
        source=ConsentSource.FORM,
        source_ref=f"page {page.slug} v{page.consent_version}",
        fresh=fresh,
    )


def _link(
    person: Any,
    location: Location | None,
    guess: Match | None,
    received: Received,
    actor: str,
    *,
    created: bool,
) -> tuple[str, float | None, Provider | None]:
    """Link the person (if any) and say how the workplace was placed."""
    picked = received.location_id is not None and location is not None and guess is None
    if (
        person is not None
        and person.location_id is not None
        and person.link_method
        in (
            "confirmed",
            "manual",
        )
    ):
        return LinkDecision.KNOWN, None, None
    if picked:
        if person is not None:
            link_person_to_location(actor, person, location, method="self-reported")
        return LinkDecision.PICKED, None, None
    if guess is None:
        if person is not None and person.location_id is not None:
            return LinkDecision.KNOWN, None, None
        return (
            (LinkDecision.NOT_ASKED if not received.workplace_text else LinkDecision.NONE),
            None,
            None,
        )
    # The engine's Match for a text alone, or linkage's Outcome once written for a person. A
    # contact created just now has only the typed workplace to go on: the engine's guess for
    # it stands, and it has no review item yet.
    match: Match | LinkOutcome = (
        link_person(person, actor=actor, match=guess if created else None, fresh=created)
        if person is not None and person.location_id is None
        else guess
    )
    provider = None
    if match.decision == "auto" and not match.location_id and match.provider_id:
        provider = Provider.objects.filter(pk=int(match.provider_id)).first()
    return str(match.decision), round(match.score, 1), provider


@transaction.atomic
def mark_submission_done(
    actor: User, submission: Submission, *, request: HttpRequest | None = None
) -> None:
    if not has_perm(actor, "change_people"):
        raise PermissionDenied
    if not submissions_visible_to(actor).filter(pk=submission.pk).exists():
        raise PermissionDenied
    if submission.status == SubmissionStatus.DONE:
        return
    submission.status = SubmissionStatus.DONE
    submission.handled_by = actor
    submission.handled_at = timezone.now()
    submission.save(update_fields=["status", "handled_by", "handled_at"])
    log_action(submission, "publicpages.submission.done", actor, {}, request=request)


@transaction.atomic
def create_charter_survey(
    actor: User, *, charter_slug: str, branch: Branch, request: HttpRequest | None = None
) -> Page:
    """A survey page built from a charter's commitments (``charter_surveys``), with the
    project's drafted translations (marked for review), closed until an organiser opens it."""
    from commonground.charters.models import Charter
    from commonground.publicpages import charter_surveys as cs

    _require_change(actor)
    survey = cs.SURVEYS.get(charter_slug)
    charter = Charter.objects.filter(slug=charter_slug).first()
    if survey is None or charter is None:
        raise ValidationError(_("There is no ready-made survey for that charter."))
    commitments = {c.number: c for c in charter.commitments.all()}
    slug = f"{survey.slug}-{branch.code.lower()}"
    n = 1
    while Page.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{survey.slug}-{branch.code.lower()}-{n}"
    page = create_page(
        actor,
        kind="survey",
        values={
            "title": survey.title[0],
            "slug": slug,
            "branch": branch,
            "intro": survey.intro[0],
            "thanks": cs.THANKS[0],
            "consent_wording": cs.CONSENT[0],
            "ask_workplace": True,
            "languages": list(cs.LANGS),
            "charter": charter,
        },
        request=request,
    )
    page.translations = cs.page_translations(survey)
    page.save(update_fields=["translations"])
    Question.objects.bulk_create(
        [
            Question(
                page=page,
                position=i,
                kind="single",
                text=q.text[0],
                required=False,
                choices=cs.choices_for(q),
                commitment=commitments.get(q.commitment),
                translations=cs.question_translations(q),
            )
            for i, q in enumerate(survey.questions, start=1)
        ]
    )
    return page
