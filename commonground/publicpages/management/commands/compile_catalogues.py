"""``commonground compile_catalogues``: build the ``.mo`` files from the ``.po`` catalogues
with Babel (no GNU gettext needed). ``--force`` rebuilds them all."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from commonground.lib.catalogues import catalogue_files, compile_catalogues


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po to .mo) with Babel."
    # A build step: it runs before any settings for a deployment exist (CI, packaging), so
    # the deployment checks (SECRET_KEY with DEBUG off, ...) do not apply to it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Rebuild every catalogue.")

    def handle(self, *args: Any, **options: Any) -> None:
        written = compile_catalogues(force=options["force"])
        total = len(catalogue_files())
        for po in written:
            self.stdout.write(f"compiled {po.parent.parent.name}")
        self.stdout.write(
            f"{len(written)} of {total} catalogues compiled ({total - len(written)} up to date)."
        )
