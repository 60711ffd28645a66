"""``commonground import-councils PATH``: one run of the import framework (see places_command)."""

from __future__ import annotations

from pathlib import Path

from commonground.jobs.progress import Progress
from commonground.register.management.places_command import PlacesCommand
from commonground.register.places import PlacesSummary, import_councils


class Command(PlacesCommand):
    help = "Import councils from the mySociety list of UK local authorities (GSS codes, names)."
    kind = "councils"
    label = "Importing councils"

    def importer(self, path: Path, progress: Progress) -> PlacesSummary:
        return import_councils(path, progress=progress)
