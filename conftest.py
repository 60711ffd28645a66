"""Project-wide pytest set-up: persona fixtures, and a bounded budget for property tests.

Hypothesis profiles (``HYPOTHESIS_PROFILE``): ``ci`` (the default, used by ``make test``)
caps every property test at 50 examples with no per-example deadline, so the fuzz tests
stay well under two minutes in all; ``thorough`` (1,000 examples) is for a nightly or
local hunt. Every hypothesis test is marked ``fuzz``, so ``pytest -m fuzz`` runs just them.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["commonground.testing"]

FUZZ_MAX_EXAMPLES = 50

settings.register_profile(
    "ci",
    max_examples=FUZZ_MAX_EXAMPLES,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fuzz: a hypothesis property test (bounded by the 'ci' profile)"
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    # The public pages' languages need their compiled catalogues (Babel; see lib/catalogues).
    from commonground.lib.catalogues import compile_catalogues

    compile_catalogues()


def pytest_collection_modifyitems(config: pytest.Config, items: list[Any]) -> None:
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.fuzz)
