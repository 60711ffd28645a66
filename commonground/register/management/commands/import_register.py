from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.imports.runs import ImportLocked
from commonground.jobs.progress import TerminalBar
from commonground.register.import_runs import cli_import
from commonground.register.importers import ImportSummary
from commonground.register.readers import FORMATS, ReadFailed, UnrecognisedFile


def add_import_options(parser: CommandParser) -> None:
    parser.add_argument("--format", choices=FORMATS, help="force the file format")
    parser.add_argument(
        "--all",
        action="store_true",
        help="keep GPs, dentists, hospitals (social care only by default)",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="the file is the whole register: flag locations it no longer lists",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="read and compare every row, even those whose cells are as last imported",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")


def run_import(command: BaseCommand, paths: list[Path], options: dict[str, Any]) -> ImportSummary:
    bar = TerminalBar("Importing register")
    try:
        summary = cli_import(
            paths,
            {
                "format": options["format"],
                "include_all": options["all"],
                "full": options["full"],
                "force": options["force"],
            },
            echo=bar,
        )
    except (UnrecognisedFile, ReadFailed, ImportLocked) as exc:
        raise CommandError(str(exc)) from exc
    finally:
        bar.finish()
    if options["json"]:
        command.stdout.write(json.dumps(summary.as_dict(), default=str))
        return summary
    for key in (
        "read",
        "created",
        "updated",
        "unchanged",
        "deregistered",
        "skipped",
        "rejected",
        "unresolved_council",
        "stale",
        "not_in_latest_file",
        "postcode_invalid",
        "approximate_coordinates",
        "links",
    ):
        command.stdout.write(f"{key.replace('_', ' ')}: {getattr(summary, key)}")
        if key == "skipped" and summary.skipped_reasons:
            reasons = sorted(summary.skipped_reasons.items(), key=lambda item: -item[1])
            command.stdout.write("  outside social care, by CQC's sector:")
            for reason, count in reasons:
                command.stdout.write(f"    {reason}: {count}")
    for row in summary.rejected_rows[:20]:
        command.stdout.write(
            f"  rejected {row['file']} line {row['line']} {row['field']}: {row['reason']}"
        )
    for row in summary.unresolved_rows[:20]:
        command.stdout.write(
            f"  no council: line {row['line']} {row['location_id']} {row['name']} ({row['reason']})"
        )
    for warning in summary.warnings[:20]:
        command.stdout.write(f"  warning: {warning}")
    if summary.rejected:
        command.stdout.write(f"rejected rows: {summary.rejected_file}")
    return summary


class Command(BaseCommand):
    help = (
        "Import CQC register files: the monthly HSCA Active Locations workbook (.ods, .xlsx) "
        "or CSV, API records (JSON, JSONL), the care directory CSV."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        add_import_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["paths"]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path} is not a file")
        run_import(self, paths, options)
