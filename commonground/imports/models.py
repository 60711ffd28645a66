"""The import framework's records: a run of one file, and saved column mappings.

What a row means (people, locations, councils, motions) belongs to the domain app that
registers an importer in :mod:`commonground.imports.registry`; this app stores the file,
the mapping, the counts (one summary shape) and the rejected rows, holds the run's lock
(:mod:`commonground.imports.runs`), and reports progress through a
:class:`commonground.jobs.models.Job`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MappingProfile(models.Model):
    """A named column mapping (field → header) saved for the next file of the same shape."""

    kind = models.CharField(_("kind"), max_length=30, db_index=True)
    name = models.CharField(_("name"), max_length=100)
    mapping = models.JSONField(_("mapping"), default=dict)
    key = models.CharField(_("key field"), max_length=40, default="membership_number")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="unique_profile_name"),
        ]

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportRun(models.Model):
    """One file imported (or dry-run) once: its mapping, options, progress and result."""

    kind = models.CharField(_("kind"), max_length=30, db_index=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    branch = models.ForeignKey(
        "accounts.Branch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_runs",
    )
    profile = models.ForeignKey(
        MappingProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)
    key = models.CharField(_("key field"), max_length=40, default="membership_number")
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=RunStatus.choices, default=RunStatus.UPLOADED, db_index=True
    )
    dry_run = models.BooleanField(default=False)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    rejected_file = models.FileField(upload_to="imports/rejected/", max_length=255, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    # While running: what it locks ("branch:12", "register"), where it runs, and when it
    # last reported progress (imports.runs marks a run whose process is gone failed).
    lock_key = models.CharField(max_length=60, blank=True)
    host = models.CharField(max_length=100, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            # One running import per lock: two at once into a branch would race on its keys.
            models.UniqueConstraint(
                fields=["lock_key"],
                condition=models.Q(status="running"),
                name="one_running_import_per_lock",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} import #{self.pk} ({self.original_name})"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)
