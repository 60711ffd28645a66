"""``commonground import-postcodes PATH``: one run of the import framework (see places_command)."""

from __future__ import annotations

from pathlib import Path

from commonground.jobs.progress import Progress
from commonground.register.management.places_command import PlacesCommand
from commonground.register.places import PlacesSummary, import_postcodes


class Command(PlacesCommand):
    help = "Import postcode districts (Doogal CSV: outcode, centroid, local authority)."
    kind = "postcodes"
    label = "Importing postcodes"

    def importer(self, path: Path, progress: Progress) -> PlacesSummary:
        return import_postcodes(path, progress=progress)
