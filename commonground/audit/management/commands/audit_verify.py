from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.audit.log import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exit non-zero if any row was altered or removed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "checked": result.checked,
                        "ok": result.ok,
                        "broken": [{"id": i, "reason": r} for i, r in result.broken],
                    }
                )
            )
        else:
            self.stdout.write(f"Checked {result.checked} audit rows.")
            for entry_id, reason in result.broken:
                self.stdout.write(f"  row {entry_id}: {reason}")
        if not result.ok:
            raise CommandError(f"Audit trail tampered with: {len(result.broken)} problem(s) found.")
        if not options["json"]:
            self.stdout.write(self.style.SUCCESS("The audit trail is intact."))
