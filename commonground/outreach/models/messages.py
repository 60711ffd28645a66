"""Email and SMS: templates with translations, sends (mailings) and one row per recipient."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonground.outreach.models.consent import Channel, Purpose


class Sender(models.Model):
    """A user allowed to send email and texts: a permission of its own, given by an admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outreach_sender"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)


class MessageTemplate(models.Model):
    """A message with merge fields ({first_name}, {full_name}, {workplace}, {branch})."""

    name = models.CharField(_("name"), max_length=200)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices[:2])
    purpose = models.CharField(
        _("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.CAMPAIGNING
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"))
    branch = models.ForeignKey(
        "accounts.Branch", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey("register.Region", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class TemplateTranslation(models.Model):
    """The same message in another language; picked by the person's preferred language."""

    template = models.ForeignKey(
        MessageTemplate, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language code"), max_length=12)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"))

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "language"], name="outreach_one_translation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} ({self.language})"


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_APPROVAL = "awaiting", _("Waiting for a second person's approval")
    APPROVED = "approved", _("Approved, not sent")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


class Mailing(models.Model):
    """One send of a template to a target list, by email or text."""

    template = models.ForeignKey(MessageTemplate, on_delete=models.PROTECT, related_name="mailings")
    target_list = models.ForeignKey(
        "outreach.TargetList", on_delete=models.PROTECT, related_name="mailings"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices[:2])
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    status = models.CharField(
        max_length=10, choices=MailingStatus.choices, default=MailingStatus.DRAFT, db_index=True
    )
    scheduled_for = models.DateTimeField(_("send at"), null=True, blank=True)
    # Counted when the send was requested (for the approval threshold) and when it ran.
    requested_count = models.PositiveIntegerField(default=0)
    recipients = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    suppressed = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    branch = models.ForeignKey(
        "accounts.Branch", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey("register.Region", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.template} → {self.target_list}"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    OPENED = "opened", _("Opened")
    BOUNCED = "bounced", _("Bounced")
    COMPLAINED = "complained", _("Marked as spam")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    SUPPRESSED = "suppressed", _("Not sent: suppressed")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    """One recipient of a mailing: what was sent (kept for the retention period) and its fate."""

    # A send to a list; or, for a text sent from a text bank through the SMS channel, the call.
    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    call = models.ForeignKey(
        "outreach.Call", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices[:2], default=Channel.EMAIL)
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    address = models.CharField(max_length=254)
    language = models.CharField(max_length=12, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    # For one-click unsubscribe links (RFC 8058): random, not guessable from the id.
    token = models.CharField(max_length=32, unique=True)
    # The provider's id (anymail's message_id, or our Message-ID for SMTP): webhooks find the
    # message through it.
    provider_id = models.CharField(max_length=255, blank=True)
    error = models.CharField(max_length=255, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["mailing", "status"]),
            models.Index(
                fields=["provider_id"], condition=~Q(provider_id=""), name="outreach_provider_id"
            ),
        ]

    def __str__(self) -> str:
        return f"Message #{self.pk}"


class MessageEvent(models.Model):
    """A delivery event reported by the provider; ``event_id`` makes webhooks idempotent."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=20)
    at = models.DateTimeField()
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
