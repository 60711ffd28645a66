"""Conference motions, their numbered calls to action, who must act, and progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    # Values are the parser's DECISIONS, so an imported decision is stored as it was read.
    CARRIED = "carried", _("Carried")
    CARRIED_AS_AMENDED = "carried as amended", _("Carried as amended")
    LOST = "lost", _("Lost")
    REMITTED = "remitted", _("Remitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Motion(models.Model):
    """A motion as published. Metadata the source lacked stays empty, never guessed."""

    title = models.CharField(_("title"), max_length=300, blank=True)
    conference = models.CharField(_("conference"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    calls_on = models.CharField(_("calls on"), max_length=300, blank=True)
    text = models.TextField(_("full text"), blank=True)
    source_text = models.TextField(_("text as imported"), blank=True, editable=False)
    # sha256 of the imported text: importing the same page twice finds the first import.
    source_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    warnings = models.JSONField(default=list, blank=True, editable=False)
    is_synthetic = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.title or str(_("Untitled motion"))

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("motions:motion-detail", args=[self.pk])


class Body(models.TextChoices):
    SGE = "sge", _("Service Group Executive")
    NEC = "nec", _("National Executive Council")
    REGIONS = "regions", _("Regions")
    BRANCHES = "branches", _("Branches")
    OTHER = "other", _("Other")


class CallProgress(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")


class CallToAction(models.Model):
    """One numbered call to action and the body that must carry it out."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="calls")
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))
    responsible_body = models.CharField(
        _("responsible body"), max_length=20, choices=Body.choices, blank=True
    )
    responsible_detail = models.CharField(_("responsible (as written)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CallProgress.choices, default=CallProgress.NOT_STARTED
    )

    class Meta:
        ordering = ["motion", "number"]
        constraints = [
            models.UniqueConstraint(fields=["motion", "number"], name="unique_call_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Update(models.Model):
    """Progress on one call, with its evidence and the work that carries it out."""

    call = models.ForeignKey(CallToAction, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=12, choices=CallProgress.choices)
    note = models.TextField(_("what happened"))
    evidence_url = models.URLField(_("evidence link"), blank=True)
    library_item = models.ForeignKey(
        "library.Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="motion_updates",
        verbose_name=_("library item"),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="motion_updates",
        verbose_name=_("campaign"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.call}: {self.get_status_display()}"
