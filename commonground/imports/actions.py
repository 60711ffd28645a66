"""Every write the import framework makes for people using it: audited, permission checked.

The import pages and commands create runs and mapping profiles only through these: an
upload kept under a name of our choosing, a mapping profile saved (audited: it decides
which column becomes which field of a person), a run queued or confirmed.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from commonground.accounts.models import Branch, User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.imports.models import ImportRun, MappingProfile, RunStatus
from commonground.imports.registry import importer_for
from commonground.imports.tasks import run_import_task
from commonground.jobs.models import Job

__all__ = [
    "cli_run",
    "confirm_run",
    "queue_run",
    "save_mapping_profile",
    "upload_run",
]


def _require(actor: Any, kind: str) -> None:
    if isinstance(actor, User) and not has_perm(actor, importer_for(kind).permission):
        raise PermissionDenied(_("You may not run this import."))


@transaction.atomic
def upload_run(
    actor: User,
    kind: str,
    upload: UploadedFile,
    *,
    branch: Branch | None,
    keep_name: bool = False,
    request: HttpRequest | None = None,
) -> ImportRun:
    """Keep an uploaded file as a new run (status "uploaded"), audited.

    The file is stored under a name of our choosing; with ``keep_name`` under its own
    (cleaned) name in a folder of its own, because a register file's name carries the
    extract's date ("01_October_2026_HSCA_Active_Locations.ods").
    """
    _require(actor, kind)
    original = Path(upload.name or "upload").name[:255]
    run = ImportRun(kind=kind, original_name=original, branch=branch, created_by=actor)
    if keep_name:
        relative = Path("imports") / kind / uuid.uuid4().hex / get_valid_filename(original)
        target = Path(settings.MEDIA_ROOT) / relative
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with target.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        target.chmod(0o600)
        run.file.name = str(relative)
    else:
        suffix = Path(original).suffix.lower()
        run.file.save(
            f"upload{suffix if suffix in ('.xlsx', '.ods') else '.csv'}", upload, save=False
        )
        Path(run.file.path).chmod(0o600)
    run.save()
    log_action(
        branch,
        "imports.run.uploaded",
        actor,
        {"run": run.pk, "file": run.original_name, "kind": kind},
        request=request,
    )
    return run


@transaction.atomic
def save_mapping_profile(
    actor: User,
    kind: str,
    name: str,
    mapping: dict[str, str],
    key: str,
    *,
    request: HttpRequest | None = None,
) -> MappingProfile:
    """Save (or replace) a named column mapping for the next file of the same shape."""
    _require(actor, kind)
    profile, created = MappingProfile.objects.update_or_create(
        kind=kind, name=name, defaults={"mapping": mapping, "key": key, "created_by": actor}
    )
    log_action(
        profile,
        "imports.profile.created" if created else "imports.profile.changed",
        actor,
        {"kind": kind, "name": name, "mapping": mapping, "key": key},
        request=request,
    )
    return profile


@transaction.atomic
def queue_run(
    actor: User,
    run: ImportRun,
    *,
    dry_run: bool,
    mapping: dict[str, str] | None = None,
    key: str | None = None,
    options: dict[str, Any] | None = None,
    profile: MappingProfile | None = None,
    request: HttpRequest | None = None,
) -> ImportRun:
    """Queue ``run`` (a dry run, or the import itself) as background work, audited."""
    _require(actor, run.kind)
    if mapping is not None:
        run.mapping = mapping
    if key is not None:
        run.key = key
    if options is not None:
        run.options = options
    if profile is not None:
        run.profile = profile
    run.dry_run = dry_run
    label = _("Import %(file)s") % {"file": run.original_name}
    if dry_run:
        label = f"{label} {_('(dry run)')}"
    run.job = Job.objects.create(
        kind=f"{run.kind}-import", label=label[:255], owner=actor, branch=run.branch
    )
    run.status = RunStatus.QUEUED
    run.counts = {}
    run.error = ""
    run.save()
    log_action(
        run.branch,
        "imports.run.queued",
        actor,
        {"run": run.pk, "dry_run": dry_run, "mapping": run.mapping, "options": run.options},
        request=request,
    )
    run_pk = run.pk
    transaction.on_commit(lambda: run_import_task.enqueue(run_pk))
    return run


def confirm_run(
    actor: User, run: ImportRun, *, confirm_lapsed: bool = False, request: HttpRequest | None = None
) -> ImportRun:
    """After a dry run: import the same file with the same mapping, for real."""
    options = dict(run.options)
    if confirm_lapsed and options.get("full_extract"):
        options["confirm_lapsed"] = True
    return queue_run(actor, run, dry_run=False, options=options, request=request)


def cli_run(
    kind: str,
    name: str,
    *,
    branch: Branch | None = None,
    dry_run: bool = False,
    mapping: dict[str, str] | None = None,
    key: str = "",
    profile: MappingProfile | None = None,
    options: dict[str, Any] | None = None,
    label: str = "",
) -> ImportRun:
    """A run for a command-line import (its file stays where it is), with its Job."""
    job = Job.objects.create(kind=f"{kind}-import", label=(label or name)[:255], branch=branch)
    return ImportRun.objects.create(
        kind=kind,
        original_name=name[:255],
        branch=branch,
        profile=profile,
        mapping=mapping or {},
        key=key,
        dry_run=dry_run,
        job=job,
        options={**(options or {}), "cli": True},
    )
