"""``commonground send_scheduled [--dry-run]``: start the sends whose time has come (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from commonground.outreach.models import Mailing, MailingStatus
from commonground.outreach.tasks import send_mailing


class Command(BaseCommand):
    help = (
        "Start scheduled email and text sends whose time has come. Run every minute from cron "
        "when the task backend cannot defer work (the database worker can)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list them, start nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        due = Mailing.objects.filter(
            status=MailingStatus.SCHEDULED, scheduled_for__lte=timezone.now()
        ).order_by("scheduled_for", "pk")
        for mailing in due:
            if options["dry_run"]:
                self.stdout.write(f"would start send #{mailing.pk}")
                continue
            send_mailing.enqueue(mailing.pk)
            self.stdout.write(f"started send #{mailing.pk}")
