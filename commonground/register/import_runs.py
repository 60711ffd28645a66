"""Register imports as runs of the import framework: from the page (queued) and the commands.

Each import is an :class:`ImportRun` of kind "register": it holds the register's lock while
it runs (a second import of a register file waits its turn, refused with a clear message),
reports one progress, and keeps its rejected rows in one file under the media directory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from commonground.imports import runs
from commonground.imports.actions import cli_run
from commonground.imports.models import ImportRun
from commonground.imports.registry import Importer
from commonground.imports.rejects import RejectWriter, media_name, rejected_path
from commonground.jobs.progress import Progress
from commonground.register.importers import ImportSummary, import_register
from commonground.register.places import PlacesSummary
from commonground.register.readers import ReadFailed, UnrecognisedFile

KIND = "register"


def run_register_import(run: ImportRun) -> ImportSummary | None:
    """Run an uploaded, queued register file (the background task's body)."""
    try:
        runs.begin(run)
    except runs.ImportLocked:
        return None  # the run and its job say why
    try:
        return _import(run, [Path(run.file.path)], actor=run.created_by)
    except (UnrecognisedFile, ReadFailed):
        return None  # _import failed the run with the reason


def _import(
    run: ImportRun, paths: Sequence[Path], *, actor: Any, echo: Progress | None = None
) -> ImportSummary:
    rejects = RejectWriter(rejected_path(KIND, run.pk), ["file"])
    try:
        summary = import_register(
            paths,
            format=run.options.get("format") or None,
            include_all=bool(run.options.get("include_all")),
            full=bool(run.options.get("full")),
            force=bool(run.options.get("force")),
            progress=runs.RunProgress(run, echo=echo),
            actor=actor,
            rejects=rejects,
        )
    except BaseException as exc:
        rejects.close()
        explained = isinstance(exc, UnrecognisedFile | ReadFailed)
        runs.fail(run, str(exc) if explained else f"{exc!r}")
        raise
    summary.rejected_file = str(rejects.close())
    counts = {k: v for k, v in summary.as_dict().items() if not k.endswith("_rows")}
    runs.finish(run, counts, rejected_file=media_name(Path(summary.rejected_file)))
    return summary


def cli_import(
    paths: Sequence[Path], options: dict[str, Any], *, echo: Progress | None = None
) -> ImportSummary:
    """The commands' body (``import-register``, ``fetch-register``): one run for the files.

    Raises UnrecognisedFile (nothing written), ReadFailed (a file unreadable part way:
    batches written before stay) or runs.ImportLocked (another register import is running).
    """
    names = ", ".join(path.name for path in paths)
    run = cli_run(
        KIND,
        names,
        options={k: options.get(k) for k in ("format", "include_all", "full", "force")},
        label=f"Register import: {names}",
    )
    runs.begin(run)
    return _import(run, paths, actor="import-register", echo=echo)


IMPORTER = Importer(kind=KIND, permission="import_register", run=run_register_import)


def cli_places(
    kind: str,
    path: Path,
    importer: Callable[[Path, Progress], PlacesSummary],
    *,
    echo: Progress | None = None,
) -> PlacesSummary:
    """A place file (councils, boundaries, postcodes) imported as a run, under the register's
    lock (resolving register rows reads what these write), its refused rows in the run's
    rejected-rows file."""
    run = cli_run(kind, path.name, label=f"Import {kind}: {path.name}")
    with runs.running(run):
        summary = importer(path, runs.RunProgress(run, echo=echo))
    rejects = RejectWriter(rejected_path(kind, run.pk), ["field"])
    for row in summary.rejections:
        rejects.write(row.line, [row.reason], {"field": row.field})
    summary.rejected_file = str(rejects.close())
    runs.finish(run, summary.as_dict(), rejected_file=media_name(Path(summary.rejected_file)))
    return summary
