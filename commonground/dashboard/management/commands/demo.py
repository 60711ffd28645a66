from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from commonground.demo.seed import DEMO_PASSWORD, assign_rep_workplaces, demo_steps, seed_foundation
from commonground.lib.catalogues import compile_catalogues


class Command(BaseCommand):
    help = "Set up a populated demo on SQLite (migrate, seed, print logins) and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="do everything but serve")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        # The public pages' languages: .po catalogues compiled with Babel (no gettext needed).
        compile_catalogues()
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Seeding the North West region, branches and personas…")
        region, personas = seed_foundation()
        for label, step in demo_steps():
            self.stdout.write(f"Seeding {label}…")
            result = step(region)
            if isinstance(result, str) and result:
                self.stdout.write(f"  {result}")
            if label == "register":
                # Reps' scope is their workplaces: give the demo rep some once the register exists.
                assign_rep_workplaces()
        assign_rep_workplaces()
        url = f"http://{options['addrport']}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Commonground demo is ready at {url}"))
        self.stdout.write(
            f"Demo logins (password for all: {DEMO_PASSWORD}) — demo only, people are synthetic:"
        )
        for persona, _user in personas:
            self.stdout.write(f"  {persona.username:<12} {persona.role:<20} {persona.description}")
        if not settings.COMMONGROUND_REQUIRE_2FA:
            self.stdout.write("Two-factor log-in is off in the demo (COMMONGROUND_REQUIRE_2FA=0).")
        if options["no_serve"]:
            return
        # A worker runs queued background tasks (imports, linkage) beside the web server.
        worker = subprocess.Popen(
            [sys.executable, "-m", "commonground", "worker"], env=os.environ.copy()
        )
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            worker.terminate()
