"""``commonground charters-status [--charter SLUG] [--json]``: status per target."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.charters.models import Charter, Status
from commonground.charters.queries import status_report


class Command(BaseCommand):
    help = "Print every target's status on each charter (or one charter)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--charter", metavar="SLUG", help="only this charter")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args: Any, **options: Any) -> None:
        charters = list(Charter.objects.all())
        if options["charter"]:
            charters = [c for c in charters if c.slug == options["charter"]]
            if not charters:
                slugs = ", ".join(Charter.objects.values_list("slug", flat=True))
                raise CommandError(f"No charter {options['charter']!r}. Known: {slugs}")
        report = status_report(charters)
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2))
            return
        labels = dict(Status.choices)
        for block in report:
            flag = "" if block["complete"] else "  [text incomplete]"
            self.stdout.write(self.style.MIGRATE_HEADING(f"{block['name']}{flag}"))
            counts = ", ".join(f"{labels[s]}: {n}" for s, n in block["counts"].items())
            self.stdout.write(f"  {counts or 'no targets'}")
            width = max((len(t["name"]) for t in block["targets"]), default=10)
            for t in block["targets"]:
                since = f"since {t['since']}" if t["since"] else ""
                demo = " (demo)" if t["demo"] else ""
                self.stdout.write(
                    f"  {t['name']:<{width}}  {t['kind']:<10} {labels[t['status']]:<26} {since}{demo}"
                )
