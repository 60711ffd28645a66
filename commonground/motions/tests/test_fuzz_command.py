"""Property test for ``commonground import-motion`` end to end, saving included.

The parser and the decoder have their own property tests; this one drives the command the
way an operator does, so whatever the parser finds is also saved without error. A file
that is not text is refused with a ``CommandError`` saying what it looks like.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from commonground.motions.models import Motion
from commonground.motions.tests.test_parser import STRUCTURED

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("motions")


def run(path: Path) -> None:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_motion", str(path), "--json", stdout=out, stderr=err)
    except CommandError as exc:
        assert str(exc).startswith(str(path)) and len(str(exc)) > len(str(path)) + 2
        return
    parsed = json.loads(out.getvalue())
    assert set(parsed) >= {"title", "calls"}
    assert "motion" in err.getvalue()


@given(data=st.one_of(st.binary(max_size=3000), STRUCTURED.map(str.encode)))
def test_any_file_is_saved_or_refused_with_a_reason(fuzz_dir: Path, data: bytes) -> None:
    path = fuzz_dir / "motion.txt"
    path.write_bytes(data)
    before = Motion.objects.count()
    run(path)
    assert Motion.objects.count() - before in (0, 1)
