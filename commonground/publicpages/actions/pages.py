"""Organisers' writes to public pages (pages, translations, questions, the charter survey):
permission and scope, atomic write, audit row."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.accounts.models import Branch, User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.publicpages.access import can_change_page
from commonground.publicpages.models import (
    Page,
    Question,
)

logger = logging.getLogger(__name__)

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


def _questions_changed(page: Page) -> None:
    """A page's questions changed: its ``updated`` time moves, which is what tells every
    process that its kept copy of the page and questions is stale (``get_public_page``)."""
    page.save(update_fields=["updated"])


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
    _questions_changed(page)
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
    _questions_changed(page)
    log_action(page, "publicpages.question.removed", actor, {"question": pk}, request=request)


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
    page.save(update_fields=["translations", "updated"])
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
