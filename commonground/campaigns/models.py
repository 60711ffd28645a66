"""Campaigns, their goals (progress computed from data), events and event sign-ups."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Campaign(models.Model):
    """A campaign in a region: aims, dates, the branches running it, charters and partners."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True)
    aims = models.TextField(_("aims"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    region = models.ForeignKey("register.Region", on_delete=models.PROTECT, related_name="+")
    branches = models.ManyToManyField(
        "accounts.Branch", blank=True, related_name="campaigns", verbose_name=_("branches")
    )
    charters = models.ManyToManyField(
        "charters.Charter", blank=True, related_name="campaigns", verbose_name=_("charters")
    )
    # Partners recorded in Alliances, linked; ``partners`` keeps those not recorded there.
    alliance_partners = models.ManyToManyField(
        "alliances.Partner", blank=True, related_name="campaigns", verbose_name=_("partners")
    )
    partners = models.TextField(_("partners"), blank=True, help_text=_("One partner per line."))
    is_demo = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def is_active(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or today <= self.ends_on)


class Metric(models.TextChoices):
    MEMBERS_RECRUITED = "members_recruited", _("Members recruited")
    DENSITY = "density", _("Density at target workplaces (%)")
    COUNCILS_SIGNED = "councils_signed", _("Councils signed")
    EVENTS_HELD = "events_held", _("Events held")
    ATTENDANCE = "attendance", _("Attendance at events")


class EventKind(models.TextChoices):
    DAY_OF_ACTION = "day_of_action", _("Day of action")
    LOBBY = "lobby", _("Lobby")
    ASSEMBLY = "assembly", _("Assembly")
    MEETING = "meeting", _("Meeting")
    STALL = "stall", _("Stall")
    DEPUTATION = "deputation", _("Deputation")


class Goal(models.Model):
    """A measurable goal. Progress comes from ``campaigns.metrics``, never typed in."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="goals")
    metric = models.CharField(_("measure"), max_length=24, choices=Metric.choices)
    target_value = models.DecimalField(_("target"), max_digits=10, decimal_places=1)
    label = models.CharField(_("label"), max_length=200, blank=True)
    period_start = models.DateField(
        _("from"), null=True, blank=True, help_text=_("Defaults to the campaign's start.")
    )
    period_end = models.DateField(
        _("to"), null=True, blank=True, help_text=_("Defaults to the campaign's end.")
    )
    # Scope: empty means "the campaign's branches / charters / whole region".
    branches = models.ManyToManyField("accounts.Branch", blank=True, related_name="+")
    councils = models.ManyToManyField("register.Council", blank=True, related_name="+")
    charter = models.ForeignKey(
        "charters.Charter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Councils signed: which charter (empty = any of the campaign's)."),
    )
    workplaces = models.ManyToManyField(
        "register.Location",
        blank=True,
        related_name="+",
        help_text=_("Density: the target workplaces."),
    )
    event_kind = models.CharField(
        _("event kind"),
        max_length=20,
        choices=EventKind.choices,
        blank=True,
        help_text=_("Events and attendance: count only this kind (empty = all)."),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["campaign", "position", "id"]

    def __str__(self) -> str:
        return self.label or self.get_metric_display()


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Event(models.Model):
    """An action or event: a day of action, lobby, assembly, meeting, stall or deputation."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    council = models.ForeignKey(
        "register.Council", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    branch = models.ForeignKey(
        "accounts.Branch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_events",
        verbose_name=_("branch"),
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organised_events"
    )
    partners = models.TextField(_("partners involved"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    headcount = models.PositiveIntegerField(
        _("head count"), null=True, blank=True, help_text=_("How many came, counted on the day.")
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    media_links = models.TextField(_("media links"), blank=True, help_text=_("One URL per line."))
    is_demo = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title

    def media_link_list(self) -> list[str]:
        return [line.strip() for line in self.media_links.splitlines() if line.strip()]

    def held_before_it_starts(self) -> bool:
        """Marked held while its start is still to come: not counted, not saved."""
        return self.status == EventStatus.HELD and self.starts_at > timezone.now()

    @property
    def is_upcoming(self) -> bool:
        return self.status == EventStatus.PLANNED and self.starts_at >= timezone.now()


class SignupLawfulBasis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests")


DEFAULT_CONSENT_WORDING = _(
    "I agree that the union may keep my name and contact details to contact me about this "
    "campaign and about joining the union. I can withdraw this at any time."
)


class EventSignup(models.Model):
    """A new contact who signed up at an event: personal data, converted later into a Person.

    The people module owns people; this row keeps exactly what was given and agreed to at the
    event, until ``campaigns.actions.signup_to_person`` hands it over.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    branch = models.ForeignKey(
        "accounts.Branch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("branch"),
        help_text=_(
            "The branch the person belongs with: the event's, else the one chosen when they "
            "signed up. Its organisers see the sign-up (like people)."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    lawful_basis = models.CharField(
        _("lawful basis"),
        max_length=24,
        choices=SignupLawfulBasis.choices,
        default=SignupLawfulBasis.CONSENT,
    )
    consent_wording = models.TextField(_("consent wording shown"))
    consented_at = models.DateTimeField(_("consent given"))
    attended = models.BooleanField(_("attended"), default=True)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_signups",
        help_text=_("The person this sign-up became."),
    )
    converted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"Sign-up #{self.pk}"
