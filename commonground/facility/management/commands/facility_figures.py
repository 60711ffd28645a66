"""``commonground facility-figures PERIOD_ID [--csv]``: the statutory figures for a period."""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.facility.exports import FiguresExporter
from commonground.facility.models import PeriodInput
from commonground.facility.statutory import figures_for
from commonground.lib.exports import safe_cell


class Command(BaseCommand):
    help = "Print the facility time publication figures for one employer's relevant period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("period", type=int, help="The id of the employer's period.")
        parser.add_argument("--csv", action="store_true", help="Write CSV to standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = PeriodInput.objects.select_related("employer").get(pk=options["period"])
        except PeriodInput.DoesNotExist as exc:
            raise CommandError(f"No period with id {options['period']}.") from exc
        result = figures_for(period)
        if result.figures is None:
            raise CommandError("Cannot compute the figures:\n- " + "\n- ".join(result.problems))
        rows = list(FiguresExporter(result.figures).rows())
        if options["csv"]:
            writer = csv.writer(self.stdout)
            for row in rows:
                writer.writerow([safe_cell(c) for c in row])
            return
        self.stdout.write(f"{period}")
        for _table, label, value, note in rows[1:]:
            self.stdout.write(f"  {label}: {value or '—'}{f' ({note})' if note else ''}")
