"""Downloading a register file (``commonground fetch-register URL``)."""

from __future__ import annotations

import shutil
import urllib.parse
import urllib.request
from pathlib import Path

from commonground.jobs.progress import Progress, null_progress

CHUNK = 256 * 1024


class FetchError(Exception):
    pass


def download(url: str, directory: Path, progress: Progress = null_progress) -> Path:
    """Stream ``url`` into ``directory``, keeping the file's own name (it carries the date)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    name = Path(urllib.parse.unquote(parts.path)).name or "register-download"
    target = directory / name
    request = urllib.request.Request(url, headers={"User-Agent": "commonground-register"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response, target.open("wb") as out:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            while chunk := response.read(CHUNK):
                out.write(chunk)
                done += len(chunk)
                progress(done, total, name)
    except OSError as exc:  # URLError and HTTPError are OSErrors
        target.unlink(missing_ok=True)
        raise FetchError(f"{url}: download failed ({exc})") from exc
    return target


def keep_copy(path: Path, destination: Path) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, destination)
    return destination
