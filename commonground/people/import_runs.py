"""People imports as runs of the import framework: from the pages (queued) and the command.

Each import, dry run or not, is an :class:`ImportRun`: it holds the branch's lock while it
runs (a second import into the branch is refused, not raced), reports one progress, and
keeps its rejected rows in one file under the media directory, purged with the upload.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from commonground.accounts.models import Branch
from commonground.imports import runs
from commonground.imports.actions import cli_run
from commonground.imports.models import ImportRun, MappingProfile
from commonground.imports.registry import Importer
from commonground.imports.rejects import media_name
from commonground.jobs.progress import TerminalBar
from commonground.people.importer import ImportFailed, import_people

KIND = "people"
COUNT_KEYS = ("read", "accepted", "rejected", "created", "updated", "unchanged", "lapsed")


def run_import_run(run: ImportRun) -> dict[str, Any]:
    """Run an uploaded, queued run (the background task's body); {} when it failed."""
    assert run.branch is not None
    try:
        runs.begin(run)
    except runs.ImportLocked:
        return {}  # the run and its job say why
    return _import(run, Path(run.file.path), actor=run.created_by, source=run.original_name)


def _import(
    run: ImportRun,
    path: Path,
    *,
    actor: Any,
    source: str | None = None,
    bar: TerminalBar | None = None,
) -> dict[str, Any]:
    assert run.branch is not None
    try:
        result = import_people(
            path,
            branch=run.branch,
            actor=actor,
            mapping=run.mapping or None,
            key=run.key or None,
            full_extract=bool(run.options.get("full_extract")),
            confirm_lapsed=bool(run.options.get("confirm_lapsed")),
            dry_run=run.dry_run,
            run=run,
            progress=runs.RunProgress(run, echo=bar),
            source=source,
        )
    except ImportFailed as exc:
        runs.fail(run, str(exc))
        return {}
    except BaseException as exc:
        runs.fail(run, f"{type(exc).__name__}: {exc}")
        raise
    run.mapping = result["mapping"]
    run.key = result["key"]
    run.save(update_fields=["mapping", "key"])
    runs.finish(
        run,
        {k: v for k, v in result.items() if k != "mapping"},
        rejected_file=media_name(Path(result["rejected_file"])),
    )
    return result


def cli_import(
    path: Path,
    *,
    branch: Branch,
    profile: MappingProfile | None,
    full_extract: bool,
    confirm_lapsed: bool,
    dry_run: bool,
    show_bar: bool,
) -> dict[str, Any]:
    """The ``import-people`` command's body: a run (a dry run too), then its result.

    Raises ImportFailed (the file or mapping is unusable) or runs.ImportLocked (another
    import into the branch is running); the run then says why it failed.
    """
    run = cli_run(
        KIND,
        str(path),
        branch=branch,
        dry_run=dry_run,
        mapping=dict(profile.mapping) if profile else None,
        key=profile.key if profile else "",
        profile=profile,
        options={"full_extract": full_extract, "confirm_lapsed": confirm_lapsed},
        label=f"Import {path.name}",
    )
    runs.begin(run)
    bar = TerminalBar(f"Importing {path.name}", enabled=show_bar or None)
    try:
        result = _import(run, path, actor="cli", bar=bar)
    finally:
        bar.finish()
    if not result:
        raise ImportFailed(run.error)
    return result


IMPORTER = Importer(kind=KIND, permission="import_people", run=run_import_run)
