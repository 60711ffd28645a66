from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.jobs.progress import TerminalBar
from commonground.register.fetch import FetchError, download, keep_copy
from commonground.register.management.commands.import_register import (
    add_import_options,
    run_import,
)


class Command(BaseCommand):
    help = "Download a CQC register file (progress bar on stderr), then import it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url")
        parser.add_argument("--keep", type=Path, help="also save the downloaded file here")
        add_import_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        with tempfile.TemporaryDirectory(prefix="cg-register-") as tmp:
            bar = TerminalBar("Downloading")
            try:
                path = download(options["url"], Path(tmp), progress=bar)
            except FetchError as exc:
                raise CommandError(str(exc)) from exc
            finally:
                bar.finish()
            if options["keep"]:
                keep_copy(path, options["keep"])
            run_import(self, [path], options)
