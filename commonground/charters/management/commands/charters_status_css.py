"""``commonground charters_status_css``: print the charter status colours as CSS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from commonground.charters.status_css import render


class Command(BaseCommand):
    help = "Print the charter status colours as CSS (commonground/static/commonground/charter-status.css)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(render(), ending="")
