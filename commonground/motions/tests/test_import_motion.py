"""The ``import-motion`` command's contract: PATH [--dry-run] [--json]."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.audit.models import Entry
from commonground.motions.importing import NotTextError, decode_upload
from commonground.motions.models import Motion
from commonground.motions.parser import parse_motion
from commonground.motions.tests.test_views import NO_METADATA, PAGE


@pytest.fixture
def page_file(tmp_path):
    path = tmp_path / "motion.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_json_prints_exactly_the_parsers_object_and_saves(page_file, capsys):
    call_command("import_motion", str(page_file), "--json")
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result == parse_motion(PAGE).to_json()
    assert list(result) == ["title", "conference", "date", "decision", "calls_on", "calls"]
    assert result["date"] == "2025-04-18" and result["decision"] == "carried"
    assert result["calls"][0] == {
        "number": 1,
        "text": "Campaign for every sleep-in hour to be paid at the Real Living Wage",
        "addressee": result["calls_on"],
    }
    assert Motion.objects.count() == 1
    entry = Entry.objects.get(action="motions.motion.imported")
    assert entry.actor is None and entry.actor_label == "import-motion"


@pytest.mark.django_db
def test_dry_run_saves_nothing(page_file, capsys):
    call_command("import_motion", str(page_file), "--dry-run", "--json")
    assert json.loads(capsys.readouterr().out)["title"] == "Fair pay for sleep-in shifts"
    assert not Motion.objects.exists()


@pytest.mark.django_db
def test_missing_metadata_is_null_in_the_json(tmp_path, capsys):
    path = tmp_path / "bare.txt"
    path.write_text(NO_METADATA)
    call_command("import_motion", str(path), "--dry-run", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["title"] is None and result["date"] is None and result["decision"] is None
    assert result["calls"] == [{"number": 1, "text": "act now", "addressee": "the NEC"}]


@pytest.mark.django_db
def test_without_json_it_describes_the_motion(page_file, capsys):
    call_command("import_motion", str(page_file), "--dry-run")
    out = capsys.readouterr().out
    assert "conference: 2025 Community Service Group Conference" in out
    assert "1. Campaign for every sleep-in hour" in out


@pytest.mark.django_db
def test_importing_twice_saves_once(page_file, capsys):
    call_command("import_motion", str(page_file), "--json")
    call_command("import_motion", str(page_file), "--json")
    assert Motion.objects.count() == 1
    assert "Already imported" in capsys.readouterr().err


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content", [b"%PDF-1.5\n\x00\x01", b"\x00\x01\x02\x03binary", b"PK\x03\x04\x14\x00"]
)
def test_binary_files_give_a_clear_error(tmp_path, content):
    path = tmp_path / "motion.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=r"not text|binary data"):
        call_command("import_motion", str(path), "--json")
    assert not Motion.objects.exists()


def test_a_missing_file_gives_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_motion", str(tmp_path / "nope.txt"), "--json")


@pytest.mark.django_db
def test_legacy_encodings_are_read(tmp_path, capsys):
    path = tmp_path / "motion.txt"
    path.write_bytes(PAGE.replace("Fair pay", "Fair pay – now").encode("cp1252"))
    call_command("import_motion", str(path), "--dry-run", "--json")
    assert json.loads(capsys.readouterr().out)["title"] == "Fair pay – now for sleep-in shifts"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(data):
    try:
        text = decode_upload(data)
    except NotTextError:
        return
    json.dumps(parse_motion(text).to_json())


def test_the_console_script_honours_the_contract(tmp_path):
    path = tmp_path / "motion.txt"
    path.write_text(PAGE)
    env = {**os.environ, "DEBUG": "1", "COMMONGROUND_VAR_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "commonground", "import-motion", str(path), "--dry-run", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(out.stdout)["conference"] == "2025 Community Service Group Conference"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00\x00garbage")
    out = subprocess.run(
        [sys.executable, "-m", "commonground", "import-motion", str(bad), "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "binary data" in out.stderr
