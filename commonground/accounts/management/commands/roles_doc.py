from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from commonground.accounts.roles_doc import render


class Command(BaseCommand):
    help = "Print docs/roles.md (the role × scope × action matrix) from the permission table."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(render(), ending="")
