"""Monthly density snapshots: the trend over time (aggregates only, no people)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from commonground.density.measure import density


class SnapshotLevel(models.TextChoices):
    REGION = "region", _("Region")
    COUNCIL = "council", _("Council")
    BRANCH = "branch", _("Branch")


class DensitySnapshot(models.Model):
    """Members, estimated workforce and reps of one region, council or branch in one month.

    ``key`` is the region's slug, the council's ONS code or the branch's code, so a snapshot
    survives the object being re-imported. ``is_synthetic`` marks demo-made rows.
    """

    month = models.DateField(help_text=_("The first day of the month."))
    level = models.CharField(max_length=10, choices=SnapshotLevel.choices)
    key = models.CharField(max_length=50)
    name = models.CharField(max_length=200)
    members = models.PositiveIntegerField(default=0)
    workforce = models.PositiveIntegerField(default=0)
    reps = models.PositiveIntegerField(default=0)
    is_synthetic = models.BooleanField(default=False)
    taken_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["level", "key", "month"]
        constraints = [
            models.UniqueConstraint(fields=["month", "level", "key"], name="unique_snapshot"),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.key} {self.month:%Y-%m}"

    @property
    def density(self) -> float | None:
        return density(self.members, self.workforce)
