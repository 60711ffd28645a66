"""``commonground density --level council [--region SLUG] [--sort -density] [--json]``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from commonground.density import measure, queries
from commonground.register.models import Region


class Command(BaseCommand):
    help = "Print the density table at one level: location, provider, council, branch, region."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--level", choices=queries.LEVELS, default="council")
        parser.add_argument("--region", help="a region's slug or name (default: every region)")
        parser.add_argument("--sort", default="-workforce", choices=sorted(queries.ROW_SORTS))
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        region = None
        if options["region"]:
            name = options["region"]
            region = Region.objects.filter(Q(slug__iexact=name) | Q(name__iexact=name)).first()
            if region is None:
                raise CommandError(f"No region {name!r}.")
        scope = measure.full_scope(region)
        rows = queries.rows_for_level(scope, options["level"], options["sort"])
        if options["json"]:
            total = queries.summary(scope)
            self.stdout.write(
                json.dumps(
                    {
                        "level": options["level"],
                        "region": region.slug if region else None,
                        "workforce_is_estimate": True,
                        "totals": {
                            "members": total.members,
                            "workforce_estimate": total.workforce,
                            "density": total.row.as_dict()["density"],
                            "reps": total.reps,
                        },
                        "rows": [r.as_dict() for r in rows],
                    },
                    indent=1,
                )
            )
            return
        self.stdout.write(
            f"{'name':<45} {'members':>8} {'workforce~':>10} {'density':>8} {'reps':>5}"
        )
        for r in rows:
            self.stdout.write(
                f"{r.name[:45]:<45} {r.members_label:>8} {r.workforce:>10,} "
                f"{r.density_label:>8} {r.reps_label:>5}"
            )
