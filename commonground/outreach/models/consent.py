"""Consent per channel and the suppression list (UK GDPR and PECR).

- A :class:`Consent` row records one statement by a person about one channel: given or
  withdrawn, the exact wording, when, and where it came from. The newest row per person and
  channel is current; older rows stay as evidence of what was agreed when.
- A :class:`Suppression` is an address (an email, or a phone number for texts and calls) that
  must not be sent to. No send bypasses it: recipients are chosen through
  ``consent.may_contact(people, channel, purpose)`` and each batch is checked again just before
  it leaves (``commonground.outreach.consent``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")
    PHONE = "phone", _("Phone call")


class Purpose(models.TextChoices):
    """Why a message is sent: PECR treats campaigning as direct marketing, service as not."""

    SERVICE = "service", _("Union service message to members")
    CAMPAIGNING = "campaigning", _("Campaigning and organising")


class ConsentSource(models.TextChoices):
    FORM = "form", _("Online form")
    EVENT = "event", _("Event sign-up")
    CONVERSATION = "conversation", _("In conversation")
    PAPER = "paper", _("Paper form")
    IMPORT = "import", _("Imported")
    UNSUBSCRIBE = "unsubscribe", _("Unsubscribe link")
    STOP = "stop", _("STOP reply to a text")
    MANUAL = "manual", _("Recorded by hand")


class Consent(models.Model):
    """One statement of consent (or its withdrawal) for one channel; the newest is current."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    granted = models.BooleanField(_("consent given"))
    wording = models.TextField(_("wording agreed to"), blank=True)
    given_at = models.DateTimeField(_("when"))
    source = models.CharField(_("source"), max_length=20, choices=ConsentSource.choices)
    # Where exactly: "form 12", "event sign-up 5", "message 88" (no personal data).
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "channel"],
                condition=Q(current=True),
                name="outreach_one_current_consent",
            )
        ]
        indexes = [
            models.Index(
                fields=["channel", "person"],
                condition=Q(current=True, granted=True),
                name="outreach_consent_granted",
            )
        ]

    def __str__(self) -> str:
        state = "given" if self.granted else "withdrawn"
        return f"{self.get_channel_display()} consent {state} ({self.given_at:%Y-%m-%d})"


class SuppressionReason(models.TextChoices):
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    BOUNCED = "bounced", _("Hard bounce")
    COMPLAINED = "complained", _("Marked as spam")
    STOP = "stop", _("Replied STOP")
    REQUEST = "request", _("Asked not to be contacted")


class SuppressionScope(models.TextChoices):
    CAMPAIGNING = "campaigning", _("Campaigning messages")
    ALL = "all", _("Every message, service messages too")


class Suppression(models.Model):
    """An address that must not be sent to on a channel.

    Keyed by the address, not the person: a bounce names an address, and a person imported
    again with the same address is still suppressed. Kept after the person is erased (the
    one thing kept, so an opt-out is honoured; docs/outreach.md).
    """

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Normalised: lower-case email, or a phone number as +44….
    address = models.CharField(_("address"), max_length=254)
    scope = models.CharField(
        _("applies to"),
        max_length=12,
        choices=SuppressionScope.choices,
        default=SuppressionScope.ALL,
    )
    reason = models.CharField(_("reason"), max_length=20, choices=SuppressionReason.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("since"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="outreach_one_suppression")
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} suppression ({self.get_reason_display()})"

    def audit_label(self) -> str:
        return f"suppression #{self.pk}"
