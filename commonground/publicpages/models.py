"""Public pages: join / get-in-touch forms, petitions and surveys that workers fill in.

A :class:`Page` is written by organisers (in English, with a translation per enabled
language); the public fill it in at ``/public/<slug>/``. Each :class:`Submission` is routed to
a branch, linked to the register and, when the worker leaves details, creates or updates a
contact (``people.actions.contacts_from_public_pages``), in the background. Answers to survey questions are kept
per :class:`Answer` so that they can be tallied by provider and council.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PageKind(models.TextChoices):
    JOIN = "join", _("Join / get in touch")
    PETITION = "petition", _("Petition")
    SURVEY = "survey", _("Survey")


class Page(models.Model):
    """A public page. Closed pages say so and accept nothing."""

    kind = models.CharField(_("kind"), max_length=10, choices=PageKind.choices)
    slug = models.SlugField(
        _("address"),
        max_length=60,
        unique=True,
        help_text=_("The end of the public address, e.g. join-bolton."),
    )
    region = models.ForeignKey("register.Region", on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(
        "accounts.Branch",
        on_delete=models.PROTECT,
        related_name="public_pages",
        verbose_name=_("branch"),
        help_text=_(
            "Runs the page, and receives the answers whose workplace no other branch covers."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, max_length=4000)
    thanks = models.TextField(_("thank-you message"), blank=True, max_length=1000)
    consent_wording = models.TextField(_("consent wording"), max_length=1000)
    # Bumped whenever the English wording changes: each submission records the version shown.
    consent_version = models.PositiveIntegerField(_("consent version"), default=1)
    ask_workplace = models.BooleanField(_("ask where they work"), default=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Offered beside English.")
    )
    translations = models.JSONField(default=dict, blank=True)
    """``{language: {"title": …, "intro": …, "thanks": …, "consent_wording": …}}``"""
    is_open = models.BooleanField(_("open"), default=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_pages",
        verbose_name=_("campaign"),
    )
    charter_target = models.ForeignKey(
        "charters.Target",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_pages",
        verbose_name=_("charter target"),
    )
    charter = models.ForeignKey(
        "charters.Charter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_pages",
        verbose_name=_("charter"),
        help_text=_("A survey whose answers are evidence for this charter's commitments."),
    )
    partner = models.ForeignKey(
        "alliances.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_pages",
        verbose_name=_("community partner"),
        help_text=_("Recruits through this page count for the partner."),
    )
    goal = models.PositiveIntegerField(
        _("signature goal"), null=True, blank=True, help_text=_("Petitions only.")
    )
    show_count = models.BooleanField(_("show the number of signatures"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_petition(self) -> bool:
        return self.kind == PageKind.PETITION

    @property
    def is_survey(self) -> bool:
        return self.kind == PageKind.SURVEY

    @property
    def contact_required(self) -> bool:
        """Join forms and petitions need a name and a way to reach them; surveys do not."""
        return self.kind != PageKind.SURVEY

    def text(self, field: str, language: str) -> tuple[str, bool]:
        """The organiser's ``field`` in ``language``, and whether it fell back to English."""
        english = str(getattr(self, field) or "")
        if language and language in self.languages:
            value = str((self.translations.get(language) or {}).get(field) or "")
            if value:
                return value, False
            return english, bool(english)
        return english, False


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    SCALE = "scale", _("Scale of 1 to 5")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    TEXT = "text", _("Short text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TALLIED_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE)


class Question(models.Model):
    """A question on a page (surveys mostly; a join form may ask one or two)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    help = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    choices = models.JSONField(default=list, blank=True)
    """``[{"value": "yes", "label": "Yes"}, …]``: the values are stable, labels may change."""
    commitment = models.ForeignKey(
        "charters.Commitment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("charter commitment"),
        help_text=_("Answers count as worker-reported evidence for this commitment."),
    )
    translations = models.JSONField(default=dict, blank=True)
    """``{language: {"text": …, "help": …, "choices": {value: label}}}``"""

    class Meta:
        ordering = ["page", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def choice_labels(self) -> dict[str, str]:
        return {str(c["value"]): str(c["label"]) for c in self.choices}

    def text_in(self, field: str, language: str) -> tuple[str, bool]:
        """The question's ``field`` ("text" or "help") in ``language``; True if English stood in."""
        english = str(getattr(self, field) or "")
        if language and language in self.page.languages:
            value = str((self.translations.get(language) or {}).get(field) or "")
            if value:
                return value, False
            return english, bool(english)
        return english, False

    def choices_in(self, language: str) -> list[tuple[str, str, bool]]:
        """``(value, label, fell back to English)`` for each choice, in order."""
        own: dict[str, Any] = {}
        translate = bool(language and language in self.page.languages)
        if translate:
            own = (self.translations.get(language) or {}).get("choices") or {}
        result = []
        for c in self.choices:
            value, label = str(c["value"]), str(c["label"])
            mine = str(own.get(value) or "")
            result.append((value, mine or label, translate and not mine))
        return result


class LinkDecision(models.TextChoices):
    PICKED = "picked", _("Picked from the register")
    AUTO = "auto", _("Linked automatically")
    REVIEW = "review", _("Waiting for review")
    NONE = "none", _("No match found")
    KNOWN = "known", _("Already linked")
    NOT_ASKED = "", _("Not asked")


class ContactOutcome(models.TextChoices):
    CREATED = "created", _("New contact")
    UPDATED = "updated", _("Existing person updated")
    NONE = "", _("No contact details")


class SubmissionStatus(models.TextChoices):
    NEW = "new", _("New")
    DONE = "done", _("Followed up")


# Tries before a submission stops being retried by the worker and waits for an organiser
# ("could not be filed" in the queue, with its reason and a retry button).
MAX_ATTEMPTS = 5
NOT_FILED = models.Q(processed_at__isnull=True, attempts__gte=MAX_ATTEMPTS)


class Submission(models.Model):
    """One worker's answer to a page: who (through the contact), where, and in which language.

    Names and contact details live on the person, not here; the workplace as written and the
    consent shown are kept as given.
    """

    page = models.ForeignKey(Page, on_delete=models.PROTECT, related_name="submissions")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="public_submissions",
    )
    branch = models.ForeignKey(
        "accounts.Branch", on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    language = models.CharField(_("language"), max_length=10)
    workplace_text = models.CharField(_("workplace as written"), max_length=200, blank=True)
    location = models.ForeignKey(
        "register.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("workplace"),
    )
    provider = models.ForeignKey(
        "register.Provider", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    council = models.ForeignKey(
        "register.Council", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    link_decision = models.CharField(
        _("link decision"), max_length=10, choices=LinkDecision.choices, blank=True
    )
    link_score = models.FloatField(null=True, blank=True)
    consent = models.BooleanField(_("agreed to be contacted"), default=False)
    consent_wording = models.TextField(_("consent wording shown"), blank=True)
    consent_version = models.PositiveIntegerField(_("consent version"), default=0)
    contact_outcome = models.CharField(
        _("contact"), max_length=10, choices=ContactOutcome.choices, blank=True
    )
    partner = models.ForeignKey(
        "alliances.Partner", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NEW,
        db_index=True,
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    # The queue: a submission is taken in one write and filed (linked, routed, its contact
    # made) by ``actions.process_submissions`` in the background. Until then ``intake`` holds
    # the name and contact details as sent; filing clears it (they live on the person).
    processed_at = models.DateTimeField(null=True, blank=True)
    intake = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)  # the technical detail, for an operator
    # Why the last try failed, in words an organiser can act on (a rule's message); blank
    # when it was something unexpected (the queue then says so, and the error has the rest).
    reason = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["branch", "status", "created"]),
            models.Index(
                fields=["id"],
                name="publicpages_sub_waiting",
                condition=models.Q(processed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page} #{self.pk}"

    def audit_label(self) -> str:
        return f"submission #{self.pk}"

    @property
    def waiting(self) -> bool:
        """Not filed yet (being processed, or failed and to be tried again)."""
        return self.processed_at is None

    @property
    def could_not_be_filed(self) -> bool:
        """Tried :data:`MAX_ATTEMPTS` times and failed: the worker leaves it for an organiser."""
        return self.processed_at is None and self.attempts >= MAX_ATTEMPTS

    @property
    def language_name(self) -> str:
        return dict(settings.LANGUAGES).get(self.language, self.language)


class Answer(models.Model):
    """One answer; a multiple-choice question has one row per chosen value."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=50, blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"

    @property
    def value(self) -> object:
        if self.choice:
            return self.choice
        if self.number is not None:
            return self.number
        if self.date is not None:
            return self.date
        return self.text
