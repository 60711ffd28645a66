"""``commonground density-snapshot [--month YYYY-MM] [--dry-run]``: the monthly snapshot.

Idempotent: running it again for a month replaces that month's figures. Run it monthly
(cron or the worker's schedule); past months can be backfilled.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from commonground.audit.log import log_action
from commonground.density.snapshots import parse_month, take_snapshot


class Command(BaseCommand):
    help = "Snapshot density for every region, council and branch for one month (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM (default: this month)")
        parser.add_argument("--dry-run", action="store_true", help="count, then roll back")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = (
                parse_month(options["month"])
                if options["month"]
                else timezone.localdate().replace(day=1)
            )
        except ValueError as exc:
            raise CommandError(f"--month must be YYYY-MM, not {options['month']!r}") from exc
        with transaction.atomic():
            n = take_snapshot(month)
            if options["dry_run"]:
                transaction.set_rollback(True)
                self.stdout.write(f"{month:%Y-%m}: would write {n} snapshot rows (dry run)")
                return
            log_action(
                None,
                "density.snapshot.taken",
                "command:density-snapshot",
                {"month": f"{month:%Y-%m}", "rows": n},
            )
        self.stdout.write(f"{month:%Y-%m}: {n} snapshot rows written")
