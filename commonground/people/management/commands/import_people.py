"""``commonground import-people PATH --branch CODE``: import a membership or contact extract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.accounts.models import Branch
from commonground.imports.models import MappingProfile
from commonground.imports.runs import ImportLocked
from commonground.people.import_runs import cli_import
from commonground.people.importer import ImportFailed


class Command(BaseCommand):
    help = (
        "Import a membership or contact extract (CSV in any dialect, or XLSX) into a branch. "
        "Prints read/accepted/rejected/created/updated/unchanged/lapsed counts and the path of "
        "the rejected-rows CSV."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--branch", required=True, help="Branch code, e.g. NW-D01.")
        parser.add_argument("--profile", help="Name of a saved column-mapping profile.")
        parser.add_argument(
            "--full-extract",
            action="store_true",
            help="The file lists every member: report members missing from it as lapsed.",
        )
        parser.add_argument(
            "--confirm-lapsed",
            action="store_true",
            help="With --full-extract: mark the missing members as lapsed.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Validate and count only.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument(
            "--progress", action="store_true", help="Draw the progress bar even without a tty."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            branch = Branch.objects.get(code=options["branch"])
        except Branch.DoesNotExist as exc:
            raise CommandError(f"No branch with code {options['branch']!r}") from exc
        profile = None
        if options["profile"]:
            profile = MappingProfile.objects.filter(kind="people", name=options["profile"]).first()
            if profile is None:
                raise CommandError(f"No mapping profile named {options['profile']!r}")
        if options["confirm_lapsed"] and not options["full_extract"]:
            raise CommandError("--confirm-lapsed needs --full-extract")
        try:
            result = cli_import(
                path,
                branch=branch,
                profile=profile,
                full_extract=options["full_extract"],
                confirm_lapsed=options["confirm_lapsed"],
                dry_run=options["dry_run"],
                show_bar=options["progress"],
            )
        except ImportFailed as exc:
            raise CommandError(f"Cannot import {path}: {exc}") from exc
        except ImportLocked as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, default=str))
            return
        for name in ("read", "accepted", "rejected", "created", "updated", "unchanged", "lapsed"):
            self.stdout.write(f"{name:>10}: {result[name]:,}")
        if result["lapsed"] and not result.get("lapsed_confirmed"):
            self.stdout.write(
                "            (members missing from the extract; run again with "
                "--confirm-lapsed to mark them lapsed)"
            )
        self.stdout.write(f"rejected rows: {result['rejected_file']}")
        if result["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
