from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from commonground.jobs.progress import TerminalBar
from commonground.register.cqc_api import ApiError, CqcApi
from commonground.register.models import Region
from commonground.register.sync import SyncRefused, sync_register


class Command(BaseCommand):
    help = (
        "Bring the register up to date from the CQC API (needs CQC_API_KEY): the first run "
        "reads every location in the region, later runs only what changed since the last "
        "successful sync. A run that was stopped is resumed where it stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--region", default="north-west", help="the region's slug or name (first run)"
        )
        parser.add_argument(
            "--base-url", default=None, help="the API's base URL (default: setting CQC_API_BASE)"
        )
        parser.add_argument(
            "--restart",
            action="store_true",
            help="abandon an unfinished sync instead of resuming it",
        )
        parser.add_argument("--progress", action="store_true", help="always draw the progress bar")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["region"]
        region = Region.objects.filter(Q(slug__iexact=name) | Q(name__iexact=name)).first()
        if region is None:
            known = ", ".join(Region.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(
                f"No region {name!r} (known: {known}). Load the councils first: "
                "commonground import-councils, or commonground demo."
            )
        bar = TerminalBar("Syncing register", enabled=True if options["progress"] else None)
        try:
            api = CqcApi(
                options["base_url"] or settings.CQC_API_BASE,
                settings.CQC_API_KEY,
                attempts=settings.CQC_API_ATTEMPTS,
                backoff=settings.CQC_API_BACKOFF,
                on_wait=lambda msg: self.stderr.write(f"\n{msg}"),
            )
            run = sync_register(
                api,
                region,
                progress=bar,
                say=lambda msg: self.stderr.write(msg),
                restart=options["restart"],
            )
        except (ApiError, SyncRefused) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.finish()
        summary = {
            "sync": run.pk,
            "mode": run.mode,
            "window_start": run.window_start.isoformat() if run.window_start else None,
            "window_end": run.window_end.isoformat(),
            "resumed": run.resumed,
            "councils": run.councils,
            **run.counts,
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        for key, value in summary.items():
            if key == "councils":
                value = len(value)
            self.stdout.write(f"{key.replace('_', ' ')}: {value}")
