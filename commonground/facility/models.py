"""Facility time: activists' hours off for union work, approval, and employers' inputs.

The statutory arithmetic lives in ``figures.py`` (pure Python); these models hold the
entries and the per-employer inputs it needs. See ``docs/facility-time.md``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonground.facility.figures import ACTIVITIES, CATEGORY_MAP


class Category(models.TextChoices):
    # Keys are CATEGORY_MAP's keys: figures.py decides which are duties and which activities.
    DUTIES = "duties", _("Trade union duties (paid)")
    ACTIVITIES = "activities", _("Trade union activities")
    ORGANISING = "organising", _("Organising")
    TRAINING = "training", _("Training")
    REPRESENTATION = "representation", _("Representation")


class Employer(models.Model):
    """An employer whose staff take facility time, with its inputs for the figures."""

    region = models.ForeignKey(
        "register.Region", on_delete=models.PROTECT, related_name="facility_employers"
    )
    name = models.CharField(_("name"), max_length=200)
    council = models.ForeignKey(
        "register.Council",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("If the employer is a council."),
    )
    is_public_sector = models.BooleanField(
        _("public-sector employer"),
        default=True,
        help_text=_("Public-sector employers had to publish facility time figures."),
    )
    weekly_hours = models.DecimalField(
        _("full-time hours a week"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("37"),
        help_text=_("Used to turn contracted hours into a full-time equivalent."),
    )
    working_weeks = models.DecimalField(
        _("working weeks a year"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("52.14"),
        help_text=_("Weeks of paid working time in a full 1 April - 31 March period."),
    )
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_facility_employer")
        ]

    def __str__(self) -> str:
        return self.name


class PeriodInput(models.Model):
    """An employer's total pay bill for one relevant period (normally 1 April - 31 March)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("period start"))
    end = models.DateField(_("period end"))
    total_pay_bill = models.DecimalField(_("total pay bill (£)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["employer__name", "-start"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "start", "end"], name="unique_period"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.start:%d %b %Y} – {self.end:%d %b %Y}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class OfficialTerms(models.Model):
    """One relevant union official's hours and pay at the employer for one period."""

    period = models.ForeignKey(PeriodInput, on_delete=models.CASCADE, related_name="officials")
    activist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facility_terms"
    )
    contracted_hours_per_week = models.DecimalField(
        _("contracted hours a week"), max_digits=5, decimal_places=2
    )
    hourly_rate = models.DecimalField(
        _("hourly cost (£)"),
        max_digits=8,
        decimal_places=2,
        help_text=_("The employer's hourly cost of this official: pay plus on-costs."),
    )

    class Meta:
        ordering = ["activist__username"]
        verbose_name_plural = "official terms"
        constraints = [
            models.UniqueConstraint(fields=["period", "activist"], name="unique_official_terms")
        ]

    def __str__(self) -> str:
        return f"{self.activist} at {self.period}"


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class TimeEntry(models.Model):
    """Hours an activist spent on union work on one day, for one employer."""

    activist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facility_entries"
    )
    branch = models.ForeignKey(
        "accounts.Branch", on_delete=models.PROTECT, related_name="facility_entries"
    )
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="entries")
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    paid = models.BooleanField(
        _("paid by the employer"),
        default=True,
        help_text=_("Duties are always paid; activities only if the employer agreed."),
    )
    description = models.CharField(_("what for"), max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=EntryStatus.choices, default=EntryStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    is_synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="facility_hours_in_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activist} {self.date} {self.hours}h {self.category}"

    @property
    def statutory_kind(self) -> str:
        return CATEGORY_MAP[self.category]

    @property
    def is_paid(self) -> bool:
        # Duties are paid by law (s.168); only activities can be unpaid (s.170).
        return self.paid or self.statutory_kind != ACTIVITIES

    def is_in(self, start: dt.date, end: dt.date) -> bool:
        return start <= self.date <= end
