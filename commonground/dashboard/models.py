"""The app shell's own small state: which first-run guides a user has put away."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GuideDismissal(models.Model):
    """A user hid the first-run guide for their role (``dashboard.help``); /help/ keeps it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guide_dismissals"
    )
    guide = models.CharField(_("guide"), max_length=40)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "guide"], name="unique_guide_dismissal")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.guide}"
