from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.dashboard.backup import check_restore, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the configured (empty) database, then check "
        "it: the row count of every table against FILE.json, and the audit hash chain."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--check-only", action="store_true", help="only compare a restored database"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not options["check_only"]:
            try:
                restore(path, options["database"])
            except (FileNotFoundError, RuntimeError) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Restored {path}.")
        if not path.with_name(path.name + ".json").is_file():
            raise CommandError(f"No manifest {path.name}.json beside the backup: cannot check it")
        result = check_restore(path, options["database"])
        for table, (expected, actual) in result.differences.items():
            self.stdout.write(f"  {table}: {expected} rows in the backup, {actual} restored")
        self.stdout.write(
            f"{result.tables} tables, {result.rows} rows; audit chain: {result.audit_rows} rows "
            + ("intact" if result.audit_ok else "BROKEN")
        )
        if not result.ok:
            raise CommandError("The restored database does not match the backup.")
        self.stdout.write(self.style.SUCCESS("The restore matches the backup."))
