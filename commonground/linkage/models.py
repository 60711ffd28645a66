"""Linkage: remembered confirmations (aliases) and the human review queue.

The matching itself is pure Python in :mod:`commonground.linkage.engine`; these rows are what
people decide about its output.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.linkage.normalise import alias_key


class LinkAlias(models.Model):
    """A workplace text a person confirmed as meaning one location (or one provider).

    Keyed on :meth:`key_for` the text and, optionally, the postcode district it was written
    with: "The Willows" in BL1 is not "The Willows" in L18.
    """

    KEY_LENGTH = 200

    key = models.CharField(_("normalised text"), max_length=KEY_LENGTH, db_index=True)
    text = models.CharField(_("text as confirmed"), max_length=200)
    district = models.CharField(_("postcode district"), max_length=4, blank=True)
    location = models.ForeignKey(
        "register.Location", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    provider = models.ForeignKey(
        "register.Provider", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key", "district"]
        verbose_name_plural = "link aliases"
        constraints = [
            models.UniqueConstraint(fields=["key", "district"], name="unique_alias_key_district"),
            models.CheckConstraint(
                condition=Q(location__isnull=False) | Q(provider__isnull=False),
                name="alias_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.district or '*'})"

    @classmethod
    def key_for(cls, text: str | None) -> str:
        """The key ``text`` is stored and looked up under: the normalised text
        (``normalise.alias_key``) cut to the column's length. Every write and every lookup
        uses this, so a long text finds the alias it was saved as."""
        return alias_key(text)[: cls.KEY_LENGTH]


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Waiting for review")
    ACCEPTED = "accepted", _("Linked")
    REJECTED = "rejected", _("No match (decided)")
    NONE = "none", _("No candidate found")


UNDECIDED = (ReviewStatus.OPEN, ReviewStatus.NONE)


class ReviewItem(models.Model):
    """One person's record the engine could not link alone, with its candidates.

    The texts are a snapshot of what was matched: a later import that changes them makes the
    record eligible for matching again even after a "no match" decision.
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey("accounts.Branch", on_delete=models.CASCADE, related_name="+")
    workplace_text = models.CharField(max_length=200, blank=True)
    employer_text = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    candidates = models.JSONField(default=list, blank=True)
    """Best first: register ids, names, score, and the evidence for each (see services)."""
    best_score = models.FloatField(default=0.0)
    reason = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, db_index=True
    )
    location = models.ForeignKey(
        "register.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    provider = models.ForeignKey(
        "register.Provider", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-best_score", "pk"]
        indexes = [models.Index(fields=["status", "branch"])]
        constraints = [
            # At most one undecided item per person: re-running linking updates it in place.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["open", "none"]),
                name="one_undecided_review_item",
            ),
        ]

    def __str__(self) -> str:
        return f"Review #{self.pk} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in UNDECIDED

    @property
    def top_candidates(self) -> list[dict[str, object]]:
        return list(self.candidates[:5])
