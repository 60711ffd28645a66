"""``commonground import-motion PATH [--dry-run] [--json]``.

Reads one motion page saved as text (``-`` reads standard input), parses it, prints the
parser's ``to_json()`` object, and saves it unless ``--dry-run``. Bytes that are not text
give a clear error and exit status 1, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.imports import runs
from commonground.imports.actions import cli_run
from commonground.imports.summary import Summary
from commonground.motions import actions
from commonground.motions.importing import NotTextError, decode_upload
from commonground.motions.parser import parse_motion


class Command(BaseCommand):
    help = "Import a conference motion from a text file (the page, copied or saved as text)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A text file, or - for standard input.")
        parser.add_argument("--dry-run", action="store_true", help="Parse and print; save nothing.")
        parser.add_argument(
            "--json", action="store_true", help="Print only the parsed motion as JSON."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"]
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        try:
            text = decode_upload(data)
        except NotTextError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        parsed = parse_motion(text)
        result = parsed.to_json()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self._describe(result, parsed.warnings)
        if options["dry_run"]:
            return
        # One run of the import framework, like every import: recorded, one at a time.
        run = cli_run("motions", str(path), label=f"Import motion {path}")
        try:
            with runs.running(run):
                motion, created = actions.import_motion(None, parsed, text, source=f"file:{path}")
        except runs.ImportLocked as exc:
            raise CommandError(str(exc)) from exc
        summary = Summary(read=1, created=int(created), unchanged=int(not created))
        runs.finish(run, summary.as_dict())
        # Status goes to stderr so that --json output stays machine-readable.
        verb = "Saved" if created else "Already imported as"
        self.stderr.write(f"{verb} motion {motion.pk}.")

    def _describe(self, result: dict[str, Any], warnings: list[str]) -> None:
        for key in ("title", "conference", "date", "decision", "calls_on"):
            value = result[key]
            self.stdout.write(f"{key:>10}: {value if value else '(missing)'}")
        self.stdout.write(f"{'calls':>10}: {len(result['calls'])}")
        for call in result["calls"]:
            self.stdout.write(f"  {call['number']}. {call['text']}")
        for warning in warnings:
            self.stdout.write(f"  warning: {warning}")
