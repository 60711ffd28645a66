"""``commonground import-boundaries PATH``: one run of the import framework (see places_command)."""

from __future__ import annotations

from pathlib import Path

from commonground.jobs.progress import Progress
from commonground.register.management.places_command import PlacesCommand
from commonground.register.places import PlacesSummary, import_boundaries


class Command(PlacesCommand):
    help = "Import ONS district boundaries (GeoJSON with names), joined to councils by name."
    kind = "boundaries"
    label = "Importing boundaries"

    def importer(self, path: Path, progress: Progress) -> PlacesSummary:
        return import_boundaries(path, progress=progress)
