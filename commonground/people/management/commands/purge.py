"""``commonground purge [--dry-run] [--rule NAME] [--json]``: apply the retention rules."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from commonground.people.retention import RULES, periods, purge


class Command(BaseCommand):
    help = (
        "Apply the retention rules (settings.COMMONGROUND_RETENTION): erase long-inactive "
        "contacts, clear old conversation notes, delete old import files. Counts only, no "
        "names; one transaction and one audit row per rule. Run nightly from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="report counts, change nothing")
        parser.add_argument(
            "--rule", action="append", choices=sorted(RULES), help="only this rule (repeatable)"
        )
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        results = purge(apply=not dry_run, rules=options["rule"])
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "dry_run": dry_run,
                        "periods": periods(),
                        "rules": {name: r.as_dict() for name, r in results.items()},
                    },
                    sort_keys=True,
                )
            )
            return
        verb = "would" if dry_run else "did"
        for name, result in results.items():
            counts = ", ".join(f"{k} {v}" for k, v in result.counts.items())
            self.stdout.write(f"{name} (before {result.cutoff}): {verb} touch {counts}")
        if dry_run:
            self.stdout.write("Dry run: nothing changed.")
