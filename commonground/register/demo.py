"""Demo data for the register: the real public extracts when present, else a synthetic set."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.register.coverage import gaps
from commonground.register.importers import import_register
from commonground.register.models import Council, CouncilKind, Location, Provider, Region
from commonground.register.places import import_boundaries, import_councils, import_postcodes
from commonground.register.readers import source_date

FILES = {
    "councils": "boundaries/uk_local_authorities_future_mysociety.csv",
    "boundaries": "boundaries/england_lad_2024_buc_names_only.geojson",
    "postcodes": "postcodes/postcode_districts_doogal_2023-09.csv",
    "england": "cqc/cqc_care_homes_england_2021-03-01.csv",
    "oldham": "cqc/cqc_api_locations_oldham_2025-03.jsonl",
}

# Approximate town-centre coordinates of the city-region councils (synthetic demo only).
CENTRES = {
    "E08000001": ("Bolton", 53.578, -2.429),
    "E08000002": ("Bury", 53.593, -2.298),
    "E08000003": ("Manchester", 53.480, -2.242),
    "E08000004": ("Oldham", 53.541, -2.117),
    "E08000005": ("Rochdale", 53.615, -2.155),
    "E08000006": ("Salford", 53.488, -2.290),
    "E08000007": ("Stockport", 53.408, -2.149),
    "E08000008": ("Tameside", 53.481, -2.081),
    "E08000009": ("Trafford", 53.446, -2.310),
    "E08000010": ("Wigan", 53.545, -2.632),
    "E08000011": ("Knowsley", 53.455, -2.853),
    "E08000012": ("Liverpool", 53.408, -2.991),
    "E08000013": ("St Helens", 53.453, -2.737),
    "E08000014": ("Sefton", 53.503, -2.970),
    "E08000015": ("Wirral", 53.373, -3.073),
    "E06000006": ("Halton", 53.333, -2.697),
}
SYNTHETIC_KINDS = (
    ("Care Home", "care_home", 32),
    ("Nursing Home", "care_home_nursing", 58),
    ("Home Care", "home_care", None),
)


# Where CQC publishes its monthly list of every active location ("Care directory with
# filters"), and how the file is named: 01_October_2026_HSCA_Active_Locations.ods.
CQC_DATA_PAGE = "https://www.cqc.org.uk/about-us/transparency/using-cqc-data"
WORKBOOK_PATTERNS = ("*HSCA_Active_Locations*.ods", "*HSCA_Active_Locations*.xlsx")
# A monthly file older than this is not current (CQC publishes at the start of each month).
CURRENT_DAYS = 35


def find_workbooks(data_dir: Path) -> list[Path]:
    """CQC monthly workbooks in the data directory's ``cqc`` folder, newest name first."""
    folder = data_dir / "cqc"
    found = {p for pattern in WORKBOOK_PATTERNS for p in folder.glob(pattern) if p.is_file()}
    return sorted(found, key=lambda p: (source_date(p) or date.min, p.name), reverse=True)


def workbook_advice(data_dir: Path, today: date) -> tuple[Path | None, str]:
    """The current workbook in ``data_dir`` (or None), and a sentence saying what to do."""
    books = find_workbooks(data_dir)
    newest = books[0] if books else None
    dated = source_date(newest) if newest else None
    if newest is not None and dated is not None and (today - dated).days <= CURRENT_DAYS:
        return newest, _("%(file)s (CQC's list as at %(date)s)") % {
            "file": newest.name,
            "date": dated.isoformat(),
        }
    example = f"{today:%d}_{today:%B}_{today:%Y}_HSCA_Active_Locations.ods"
    stale = (
        _("%(file)s is from %(date)s, over %(days)s days old. ")
        % {"file": newest.name, "date": dated.isoformat() if dated else "?", "days": CURRENT_DAYS}
        if newest is not None
        else _("No current CQC workbook in %(folder)s, so home care outside Oldham is missing. ")
        % {"folder": data_dir / "cqc"}
    )
    return None, stale + _(
        'Download this month\'s "Care directory with filters" (a file named like %(example)s) '
        "from %(page)s into %(folder)s and run: commonground import-register %(folder)s/%(example)s "
        "(or: commonground fetch-register <its link>)"
    ) % {"example": example, "page": CQC_DATA_PAGE, "folder": data_dir / "cqc"}


def _paths(data_dir: Path) -> dict[str, Path] | None:
    paths = {key: data_dir / rel for key, rel in FILES.items()}
    return paths if all(p.is_file() for p in paths.values()) else None


def seed(region: Region) -> str:
    """Load the register for the demo; returns a one-line summary (idempotent)."""
    paths = _paths(Path(settings.COMMONGROUND_DATA_DIR))
    if paths is None:
        return seed_synthetic()
    import_councils(paths["councils"])
    import_boundaries(paths["boundaries"])
    import_postcodes(paths["postcodes"])
    england = import_register([paths["england"]], actor="demo")
    oldham = import_register([paths["oldham"]], actor="demo")
    data_dir = Path(settings.COMMONGROUND_DATA_DIR)
    workbook, advice = workbook_advice(data_dir, timezone.localdate())
    monthly = ""
    if workbook is not None:
        current = import_register([workbook], actor="demo")
        monthly = f"; {advice}: {current.created} new, {current.updated} updated"
    count = Location.objects.filter(council__region=region).count()
    found = gaps(
        Council.objects.filter(region=region, active=True).exclude(kind=CouncilKind.DISTRICT)
    )
    summary = (
        f"register: {count} locations in {region.name} from CQC data "
        f"(England care homes: {england.created} new, {england.unchanged} unchanged; "
        f"Oldham API: {oldham.created} new, {oldham.updated} updated{monthly})"
    )
    if found.no_home_care:
        with_home_care = ", ".join(c.name for c in found.with_home_care) or "none"
        summary += (
            f". Home-care agencies only for: {with_home_care}; no home-care data for "
            f"{len(found.no_home_care)} councils (Register › Coverage)"
        )
    return summary if workbook is not None else f"{summary}\n  {advice}"


@transaction.atomic
def seed_synthetic() -> str:
    """A few dozen clearly synthetic locations in the city-region councils."""
    provider, _ = Provider.objects.get_or_create(
        cqc_id="1-999000000", defaults={"name": "Synthetic Care Group", "is_synthetic": True}
    )
    councils = {c.ons_code: c for c in Council.objects.filter(ons_code__in=CENTRES)}
    n = 0
    for code, (town, lat, lng) in CENTRES.items():
        council = councils.get(code)
        if council is None:
            continue
        for i, (label, kind, beds) in enumerate(SYNTHETIC_KINDS):
            n += 1
            Location.objects.update_or_create(
                cqc_id=f"1-999{n:07d}",
                defaults={
                    "name": f"{town} {label} {i + 1} (synthetic)",
                    "provider": provider,
                    "council": council,
                    "postcode": "",
                    "town": town,
                    "latitude": lat + 0.012 * (i - 1),
                    "longitude": lng + 0.015 * ((i % 2) * 2 - 1),
                    "beds": beds,
                    "service_types_text": f"|{kind}|",
                    "primary_service_type": kind,
                    "is_social_care": True,
                },
            )
    _workbook, advice = workbook_advice(Path(settings.COMMONGROUND_DATA_DIR), timezone.localdate())
    return (
        f"register: {n} SYNTHETIC locations (no CQC data found in "
        f"{settings.COMMONGROUND_DATA_DIR}). Load the real register with "
        "`commonground fetch-register URL` or `commonground import-register FILE` "
        "(after `commonground import-councils`, `import-boundaries`, `import-postcodes`).\n"
        f"  {advice}"
    )
