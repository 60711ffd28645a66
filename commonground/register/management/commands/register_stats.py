from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q

from commonground.register.coverage import coverage, sources
from commonground.register.models import Council, CouncilKind, Location, Provider, Region


class Command(BaseCommand):
    help = "Counts of the register: locations, providers, by council, service type and status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", help="a region's name or slug, e.g. 'North West'")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        locations = Location.objects.all()
        councils = Council.objects.filter(active=True).exclude(kind=CouncilKind.DISTRICT)
        if options["region"]:
            name = options["region"]
            region = Region.objects.filter(Q(name__iexact=name) | Q(slug__iexact=name)).first()
            if region is None:
                known = ", ".join(Region.objects.values_list("name", flat=True))
                raise CommandError(f"No region {name!r}. Known: {known}")
            locations = locations.filter(council__region=region)
            councils = councils.filter(region=region)
        stats = {
            "locations": locations.count(),
            "providers": Provider.objects.filter(locations__in=locations).distinct().count(),
            "by_council": dict(
                locations.filter(council__isnull=False)
                .values_list("council__ons_code")
                .annotate(n=Count("id"))
                .order_by("council__ons_code")
            ),
            "by_service_type": dict(
                locations.values_list("primary_service_type")
                .annotate(n=Count("id"))
                .order_by("primary_service_type")
            ),
            "by_status": dict(
                locations.values_list("registration_status")
                .annotate(n=Count("id"))
                .order_by("registration_status")
            ),
            "unresolved_council": locations.filter(council__isnull=True).count(),
            "not_in_latest_file": locations.filter(not_in_latest_file=True).count(),
            # Per council and service type: how many, from which source, how old.
            "coverage": {
                row.council.ons_code: {
                    "name": row.council.name,
                    "locations": row.locations,
                    "as_of": row.as_of.isoformat() if row.as_of else None,
                    "age_days": row.age_days,
                    "stale": row.stale,
                    "has_home_care": row.has_home_care,
                    "synced": row.synced.isoformat() if row.synced else None,
                    "by_service_type": {
                        kind: {
                            "locations": cell.locations,
                            "sources": cell.sources,
                            "newest": cell.newest.isoformat() if cell.newest else None,
                            "oldest": cell.oldest.isoformat() if cell.oldest else None,
                        }
                        for kind, cell in row.cells.items()
                    },
                }
                for row in coverage(councils.order_by("name"))
                if row.locations or options["region"]
            },
            "sources": sources(),
        }
        if options["json"]:
            self.stdout.write(json.dumps(stats))
            return
        self.stdout.write(f"locations: {stats['locations']}  providers: {stats['providers']}")
        for key in ("by_council", "by_service_type", "by_status"):
            self.stdout.write(f"{key.replace('_', ' ')}:")
            for k, n in stats[key].items():  # type: ignore[attr-defined]
                self.stdout.write(f"  {k or '(none)'}: {n}")
        self.stdout.write("coverage (council: locations, home care, data as of):")
        for row in stats["coverage"].values():  # type: ignore[attr-defined]
            home = "home care" if row["has_home_care"] else "NO HOME CARE"
            stale = " (stale)" if row["stale"] else ""
            self.stdout.write(
                f"  {row['name']}: {row['locations']}, {home}, {row['as_of'] or 'no data'}{stale}"
            )
        self.stdout.write("sources:")
        for source in stats["sources"]:  # type: ignore[attr-defined]
            self.stdout.write(f"  {source['source']}: {source['locations']} ({source['newest']})")
