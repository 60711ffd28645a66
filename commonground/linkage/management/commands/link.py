"""``commonground link [--branch CODE] [--json]``: link the people in the database."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.accounts.models import Branch
from commonground.jobs.progress import TerminalBar
from commonground.linkage.parallel import MIN_PARALLEL, default_workers
from commonground.linkage.services import link_people


class Command(BaseCommand):
    help = "Link unlinked people's workplaces to the register; prints counts by outcome."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--branch", help="a branch code (default: every branch)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="processes that match, as for match (default: the cores available, at most 2)",
        )
        parser.add_argument(
            "--parallel-min",
            type=int,
            default=MIN_PARALLEL,
            help=f"fewer people than this are matched in one process (default {MIN_PARALLEL:,})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        branch = None
        if options["branch"]:
            branch = Branch.objects.filter(code=options["branch"]).first()
            if branch is None:
                known = ", ".join(Branch.objects.values_list("code", flat=True)[:50])
                raise CommandError(f"No branch {options['branch']!r}. Known: {known}")
        bar = TerminalBar("link", enabled=False if options["json"] else None)
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        counts = link_people(
            branch,
            actor="command:link",
            progress=bar,
            workers=options["workers"],
            parallel_min=options["parallel_min"],
        )
        bar.finish()
        if options["json"]:
            self.stdout.write(json.dumps({"branch": options["branch"], **counts}, sort_keys=True))
            return
        self.stdout.write(f"People considered: {counts['people']:,}")
        for key, label in (
            ("auto", "auto (linked without review)"),
            ("review", "review (waiting in the queue)"),
            ("none", "none (left unlinked)"),
        ):
            self.stdout.write(f"  {label:<32} {counts[key]:>8,}")
        self.stdout.write(
            f"  of the auto links: {counts['provider_only']:,} provider only, "
            f"{counts['by_alias']:,} from confirmed aliases, {counts['unchanged']:,} unchanged"
        )
