"""The audit trail: one append-only table, hash-chained so tampering is detectable."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from commonground.audit.chain import chain_hash


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit row."""


class EntryQuerySet(models.QuerySet["Entry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries cannot be deleted.")


class Entry(models.Model):
    """Who did what to which record, when, in which scope.

    ``actor_label`` keeps the actor's username at the time, so the row stays readable (and its
    hash stays valid) if the account is later renamed or removed.
    """

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    subject_type = models.ForeignKey(
        ContentType,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_id = models.CharField(max_length=64, blank=True, db_index=True)
    subject_label = models.CharField(max_length=255, blank=True)
    branch = models.ForeignKey(
        "accounts.Branch",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries cannot be deleted.")

    def canonical(self) -> str:
        """The exact text that is hashed: every field that says what happened."""
        return json.dumps(
            [
                self.at.isoformat(timespec="microseconds"),
                self.actor_id,
                self.actor_label,
                self.action,
                self.subject_type_id,
                self.subject_id,
                self.subject_label,
                self.branch_id,
                self.data,
                self.ip,
            ],
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )

    def compute_hash(self) -> str:
        """HMAC of the previous hash and this row, keyed outside the database (``chain``)."""
        return chain_hash(self.prev_hash, self.canonical())


class ChainHead(models.Model):
    """A single row locked while appending, so that concurrent writers chain in order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, blank=True)
    last_entry_id = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"chain head at {self.last_entry_id}"
