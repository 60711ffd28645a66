from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.jobs.progress import TerminalBar
from commonground.register.places import import_boundaries


class Command(BaseCommand):
    help = "Import ONS district boundaries (GeoJSON with names), joined to councils by name."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        bar = TerminalBar("Importing boundaries")
        try:
            summary = import_boundaries(path, progress=bar)
        except (ValueError, KeyError) as exc:
            raise CommandError(f"{path.name}: not the expected file ({exc})") from exc
        finally:
            bar.finish()
        result = summary.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        for key, value in result.items():
            if key not in ("unmatched_names", "rejected_rows"):
                self.stdout.write(f"{key}: {value}")
        for name in summary.unmatched[:20]:
            self.stdout.write(f"  unmatched: {name}")
        for row in summary.rejected[:20]:
            self.stdout.write(f"  rejected: line {row.line}, {row.field}: {row.reason}")
