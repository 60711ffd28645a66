"""Community alliances: partners, affiliations, joint actions and the reciprocity ledger.

Reciprocal community unionism means support flows both ways; the ledger records it and
``Partner.balance()`` says who owes whom.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _


class PartnerType(models.TextChoices):
    BROAD_BASED = "broad_based", _("Broad-based alliance")
    FAITH = "faith", _("Faith institution")
    COMMUNITY = "community", _("Community organisation")
    SERVICE_USER = "service_user", _("Service-user group")
    VOLUNTARY = "voluntary", _("Voluntary-sector body")
    POLITICAL = "political", _("Political link")
    OTHER = "other", _("Other")


class IssueTag(models.Model):
    """An issue we share with partners (Real Living Wage, housing, hate crime…)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_north_west_theme = models.BooleanField(
        _("North West theme"),
        default=False,
        help_text=_("One of the five lobbying themes of the North West Citizens chapters."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The five North West themes (shared/reference/NORTH_WEST.md), seeded by migration.
NORTH_WEST_THEMES = (
    ("mental-health", "Mental health"),
    ("migrant-workers-refugees", "Migrant workers and refugees"),
    ("housing-homelessness", "Housing and homelessness"),
    ("hate-crime", "Hate crime (intersectional)"),
    ("real-living-wage", "Real Living Wage and fair work on public contracts"),
)


class Partner(models.Model):
    """A community organisation we work with. The people app may point recruits at it."""

    region = models.ForeignKey(
        "register.Region", on_delete=models.PROTECT, related_name="alliance_partners"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerType.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    councils = models.ManyToManyField(
        "register.Council", blank=True, related_name="alliance_partners"
    )
    issues = models.ManyToManyField(IssueTag, blank=True, related_name="partners")
    is_synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_partner_per_region")
        ]

    def __str__(self) -> str:
        return self.name

    def balance(self) -> dict[str, Decimal]:
        """Given minus received, per unit (``count``/``hours``): positive means we gave more."""
        rows = self.ledger.values("unit").annotate(
            given=Sum("quantity", filter=Q(direction=Direction.GIVEN)),
            received=Sum("quantity", filter=Q(direction=Direction.RECEIVED)),
        )
        return {r["unit"]: (r["given"] or Decimal(0)) - (r["received"] or Decimal(0)) for r in rows}


class Contact(models.Model):
    """A partner's contact in their public role (never a union member's record)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    public_role = models.CharField(_("public role"), max_length=200)
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.public_role})"


class AffiliationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    LAPSED = "lapsed", _("Lapsed")
    ENDED = "ended", _("Ended")


class Affiliation(models.Model):
    """A branch's affiliation to a partner (usually a broad-based alliance)."""

    branch = models.ForeignKey(
        "accounts.Branch", on_delete=models.CASCADE, related_name="affiliations"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="affiliations")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AffiliationStatus.choices,
        default=AffiliationStatus.ACTIVE,
    )
    started = models.DateField(_("from"), null=True, blank=True)
    ended = models.DateField(_("until"), null=True, blank=True)
    annual_fee = models.DecimalField(
        _("annual fee (£)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["partner__name", "branch__code"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "partner"], name="unique_affiliation"),
            models.CheckConstraint(
                condition=Q(ended__isnull=True)
                | Q(started__isnull=True)
                | Q(ended__gte=models.F("started")),
                name="affiliation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.branch.code} → {self.partner}"

    def is_current(self, on: dt.date) -> bool:
        """Active, and ``on`` falls within its dates (open ends count as open)."""
        if self.status != AffiliationStatus.ACTIVE:
            return False
        return (self.started is None or self.started <= on) and (
            self.ended is None or on <= self.ended
        )


class JointAction(models.Model):
    """Something we did together with one or more partners.

    It keeps its own title and date (not every joint action is a campaign event), and may
    point at the campaign event that organised it.
    """

    region = models.ForeignKey("register.Region", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    partners = models.ManyToManyField(Partner, related_name="joint_actions")
    branches = models.ManyToManyField("accounts.Branch", blank=True, related_name="joint_actions")
    issues = models.ManyToManyField(IssueTag, blank=True, related_name="joint_actions")
    event = models.ForeignKey(
        "campaigns.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="joint_actions",
        verbose_name=_("campaign event"),
    )
    description = models.TextField(_("what happened"), blank=True)
    turnout = models.PositiveIntegerField(_("turnout"), null=True, blank=True)
    recruits_reported = models.PositiveIntegerField(
        _("recruits reported"),
        default=0,
        help_text=_("New members and contacts signed up at the action, as counted on the day."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d %b %Y})"


class Direction(models.TextChoices):
    GIVEN = "given", _("Given by us")
    RECEIVED = "received", _("Received from them")


class SupportKind(models.TextChoices):
    TURNOUT = "turnout", _("Turnout")
    ROOMS = "rooms", _("Rooms")
    LETTERS = "letters", _("Letters")
    SPEAKERS = "speakers", _("Speakers")
    RESOURCES = "resources", _("Resources")


class Unit(models.TextChoices):
    COUNT = "count", _("count")
    HOURS = "hours", _("hours")


class LedgerEntry(models.Model):
    """Support given to or received from a partner: the reciprocity ledger."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="ledger")
    branch = models.ForeignKey(
        "accounts.Branch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The branch that gave or received, if one did."),
    )
    joint_action = models.ForeignKey(
        JointAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="ledger"
    )
    date = models.DateField(_("date"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("support"), max_length=10, choices=SupportKind.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=1)
    unit = models.CharField(_("unit"), max_length=5, choices=Unit.choices, default=Unit.COUNT)
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "ledger entries"
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="ledger_quantity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.quantity} {self.unit} {self.kind}"
