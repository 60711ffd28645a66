"""The three place commands (councils, boundaries, postcodes): one run each, one output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.imports.runs import ImportLocked
from commonground.jobs.progress import Progress, TerminalBar
from commonground.register.import_runs import cli_places
from commonground.register.places import PlacesSummary


class PlacesCommand(BaseCommand):
    kind = ""  # the ImportRun kind: "councils", "boundaries" or "postcodes"
    label = ""  # for the progress bar: "Importing councils"

    def importer(self, path: Path, progress: Progress) -> PlacesSummary:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        bar = TerminalBar(self.label)
        run: Callable[[Path, Progress], PlacesSummary] = self.importer
        try:
            summary = cli_places(self.kind, path, run, echo=bar)
        except ImportLocked as exc:
            raise CommandError(str(exc)) from exc
        except (ValueError, KeyError) as exc:
            raise CommandError(f"{path.name}: not the expected file ({exc})") from exc
        finally:
            bar.finish()
        result = summary.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        for key, value in result.items():
            if key not in ("unmatched_names", "rejected_rows", "skipped_reasons"):
                self.stdout.write(f"{key}: {value}")
        for name in summary.unmatched[:20]:
            self.stdout.write(f"  unmatched: {name}")
        for row in summary.rejections[:20]:
            self.stdout.write(f"  rejected: line {row.line}, {row.field}: {row.reason}")
