"""The lock files: runtime pins apart from development pins (docs/deployment.md).

A production install reads ``requirements.lock`` only, so every runtime dependency in
pyproject must be pinned there, and nothing only the tests need may be.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from django.conf import settings
from packaging.requirements import Requirement

ROOT = Path(settings.BASE_DIR)


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"{path.name}: {line!r} is not pinned with =="
            pins[_name(name)] = version
    return pins


def _project() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_runtime_dependencies_are_pinned_in_the_runtime_lock():
    runtime = _pins(ROOT / "requirements.lock")
    missing = [r for r in _project()["dependencies"] if _name(Requirement(r).name) not in runtime]
    assert not missing


def test_development_tools_are_pinned_apart():
    runtime = _pins(ROOT / "requirements.lock")
    dev = _pins(ROOT / "requirements-dev.lock")
    assert not set(runtime) & set(dev), "a package is pinned in both lock files"
    tools = [_name(Requirement(r).name) for r in _project()["optional-dependencies"]["dev"]]
    assert [t for t in tools if t not in dev] == []
    for test_only in ("pytest", "playwright", "mypy", "ruff", "django-stubs", "hypothesis"):
        assert test_only not in runtime


def test_the_runtime_holds_nothing_it_does_not_use():
    runtime = _pins(ROOT / "requirements.lock")
    for unused in ("numpy", "pyarrow", "sqlglot", "django-leaflet"):
        assert unused not in runtime


def test_type_stubs_match_the_django_series():
    runtime = _pins(ROOT / "requirements.lock")
    dev = _pins(ROOT / "requirements-dev.lock")
    django_series = runtime["django"].split(".")[:2]
    assert dev["django-stubs"].split(".")[:2] == django_series
    assert runtime["django-stubs-ext"].split(".")[:2] == django_series
