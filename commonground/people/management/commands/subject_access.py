"""``commonground subject-access PERSON_ID --format json|html|pdf --output PATH``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.people import subject_access
from commonground.people.models import Person


class Command(BaseCommand):
    help = (
        "Export everything held about one person (a subject access request) as JSON, "
        "readable HTML or PDF. Audited as people.person.subject_access."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", type=int)
        parser.add_argument("--format", choices=subject_access.FORMATS, default="json")
        parser.add_argument("--output", required=True, help="file to write ('-' for stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        person = (
            Person.objects.select_related("branch", "location", "provider")
            .filter(pk=options["person_id"])
            .first()
        )
        if person is None:
            raise CommandError(f"No person #{options['person_id']}.")
        fmt = options["format"]
        body = subject_access.render(subject_access.collect(person), fmt)
        subject_access.log_subject_access("subject-access", person, fmt)
        if options["output"] == "-":
            self.stdout.write(body.decode() if fmt != "pdf" else "(PDF: give --output PATH)")
            return
        path = Path(options["output"])
        path.write_bytes(body)
        self.stderr.write(f"Wrote {path} ({len(body)} bytes, {fmt}).")
