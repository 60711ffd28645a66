"""Target lists (saved people filters) and call / text assignments worked by callers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonground.outreach.models.consent import Purpose


class TargetList(models.Model):
    """A saved, scoped people filter. Its people are worked out again each time it is used.

    ``filters`` holds the cleaned filter values (ids and codes only, no names):
    branch, workplace, provider, council, assessment, membership, follow_up, language,
    event, issue (a conversation tag), reachable (a channel).
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The list's scope: people of this branch, or (no branch) the region's branches.
    branch = models.ForeignKey(
        "accounts.Branch",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("branch"),
    )
    region = models.ForeignKey("register.Region", on_delete=models.CASCADE, related_name="+")
    filters = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class AssignmentKind(models.TextChoices):
    CALL = "call", _("Phone bank")
    TEXT = "text", _("Text bank")


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CallAssignment(models.Model):
    """A list and a script given to chosen callers: a phone bank, or a text bank."""

    kind = models.CharField(
        _("kind"), max_length=5, choices=AssignmentKind.choices, default=AssignmentKind.CALL
    )
    title = models.CharField(_("title"), max_length=200)
    target_list = models.ForeignKey(
        TargetList, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("list")
    )
    purpose = models.CharField(
        _("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.CAMPAIGNING
    )
    script = models.TextField(
        _("script"), help_text=_("What the caller says. Merge fields: {first_name}, {workplace}.")
    )
    # Text banks: the message a caller sends from their own phone (merge fields as above).
    message = models.TextField(_("text message"), blank=True)
    callers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="call_assignments", verbose_name=_("callers")
    )
    # Privacy defaults as Zetkin's: callers see the name, workplace and number, nothing else.
    show_notes = models.BooleanField(_("callers may read conversation notes"), default=False)
    show_history = models.BooleanField(_("callers may see earlier calls and talks"), default=False)
    allow_assessment = models.BooleanField(_("callers may set the assessment"), default=True)
    reserve_minutes = models.PositiveSmallIntegerField(
        _("minutes a caller holds a person"), default=15
    )
    retry_hours = models.PositiveSmallIntegerField(_("hours before trying again"), default=20)
    max_attempts = models.PositiveSmallIntegerField(_("attempts before giving up"), default=3)
    status = models.CharField(
        _("status"), max_length=8, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN
    )
    branch = models.ForeignKey(
        "accounts.Branch", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey("register.Region", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_text(self) -> bool:
        return self.kind == AssignmentKind.TEXT

    @property
    def channel(self) -> str:
        return "sms" if self.is_text else "phone"


class CallOutcome(models.TextChoices):
    NO_ANSWER = "no_answer", _("No answer")
    LEFT_MESSAGE = "left_message", _("Left a message")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    CALL_BACK = "call_back", _("Call back at…")
    NOT_INTERESTED = "not_interested", _("Not interested")
    CONVERSATION = "conversation", _("Had a conversation")
    TEXTED = "texted", _("Text sent")


# Outcomes after which the person is not called again in this assignment.
FINAL_OUTCOMES = (
    CallOutcome.WRONG_NUMBER,
    CallOutcome.NOT_INTERESTED,
    CallOutcome.CONVERSATION,
    CallOutcome.TEXTED,
)
# Outcomes where we spoke to the person: they write the person's conversation log.
REACHED_OUTCOMES = (CallOutcome.CONVERSATION, CallOutcome.NOT_INTERESTED, CallOutcome.CALL_BACK)
# Outcomes that try again after ``retry_hours``, up to ``max_attempts``.
RETRY_OUTCOMES = (CallOutcome.NO_ANSWER, CallOutcome.LEFT_MESSAGE)


class CallState(models.TextChoices):
    RESERVED = "reserved", _("Being called")
    DONE = "done", _("Done")
    RELEASED = "released", _("Skipped or timed out")


class Call(models.Model):
    """One caller holding (then calling or texting) one person of an assignment.

    A row is a reservation while ``state`` is reserved and ``expires_at`` is in the future; the
    partial unique constraint means two callers can never hold the same person at once.
    """

    assignment = models.ForeignKey(CallAssignment, on_delete=models.CASCADE, related_name="calls")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(
        max_length=10, choices=CallState.choices, default=CallState.RESERVED, db_index=True
    )
    reserved_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=CallOutcome.choices, blank=True)
    call_back_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    conversation = models.ForeignKey(
        "people.Conversation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessment_from = models.PositiveSmallIntegerField(null=True, blank=True)
    assessment_to = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-reserved_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "person"],
                condition=Q(state="reserved"),
                name="outreach_one_caller_per_person",
            )
        ]
        indexes = [models.Index(fields=["assignment", "person", "state"])]

    def __str__(self) -> str:
        return f"Call #{self.pk}"
