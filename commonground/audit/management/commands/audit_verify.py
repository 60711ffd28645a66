from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.audit.chain import checkpoint_file
from commonground.audit.log import checkpoint, verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit trail: every row's keyed hash and link, and the table against every "
        "signed checkpoint in COMMONGROUND_AUDIT_CHECKPOINT_FILE; exit non-zero if any row was "
        "altered, removed or re-chained. With --checkpoint, then write a new checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--checkpoint",
            action="store_true",
            help="if the trail is intact, append a signed checkpoint (count and newest row) to "
            "the checkpoint file and print it (run from cron; ship the line off the machine)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        point = checkpoint() if result.ok and options["checkpoint"] else None
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "checked": result.checked,
                        "checkpoints": result.checkpoints,
                        "ok": result.ok,
                        "broken": [{"id": i, "reason": r} for i, r in result.broken],
                        "notes": result.notes,
                        "checkpoint": point.__dict__ if point else None,
                    }
                )
            )
        else:
            self.stdout.write(
                f"Checked {result.checked} audit rows against {result.checkpoints} checkpoints."
            )
            for entry_id, reason in result.broken:
                self.stdout.write(f"  row {entry_id}: {reason}" if entry_id else f"  {reason}")
            for note in result.notes:
                self.stdout.write(self.style.WARNING(note))
        if not result.ok:
            raise CommandError(f"Audit trail tampered with: {len(result.broken)} problem(s) found.")
        if not options["json"]:
            self.stdout.write(self.style.SUCCESS("The audit trail is intact."))
            if point is not None:
                self.stdout.write(f"Checkpoint written to {checkpoint_file()}:")
                self.stdout.write(point.line())
