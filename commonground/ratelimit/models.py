"""Request counters for the rate limits (``ratelimit.limits``): one row per key and window."""

from __future__ import annotations

from django.db import models


class Counter(models.Model):
    """Hits of one key (a keyed hash of scope and client, never the address itself) in one
    fixed window; shared by every app process through the database."""

    key = models.CharField(max_length=64)
    window_start = models.BigIntegerField(help_text="Start of the window, in seconds since 1970.")
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="ratelimit_key_window")
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.hits} at {self.window_start}"
