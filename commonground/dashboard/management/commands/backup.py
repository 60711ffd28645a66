from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.dashboard.backup import backup


class Command(BaseCommand):
    help = (
        "Back up the database to FILE (SQLite: VACUUM INTO; PostgreSQL: pg_dump --format="
        "custom) and write FILE.json, the row count of every table, for `restore` to check."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["file"], options["database"])
        except (FileExistsError, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {len(manifest['tables'])} tables, {rows} rows "
                f"({manifest['vendor']}) to {options['file']}"
            )
        )
