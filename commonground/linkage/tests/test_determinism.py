"""The engine decides a record the same way in every process.

Python salts string hashes per process, so anything that iterates a set of strings can
differ from one run (or one forked worker) to the next. Checked on generated records from
the real register files (``../shared/data``); skipped when they are absent.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(os.environ.get("COMMONGROUND_DATA_DIR") or ROOT.parent / "shared" / "data")
ENGLAND = DATA / "cqc" / "cqc_care_homes_england_2021-03-01.csv"

SCRIPT = """
import sys
from pathlib import Path
from bench.linkage import generate
from commonground.linkage.engine import Candidate, Matcher, Query

reg = generate.build_register(7, Path(sys.argv[1]))
matcher = Matcher(
    Candidate(
        location_id=loc.location_id,
        name=loc.name,
        previous_names=tuple(loc.previous_names),
        provider_id=loc.provider_id or None,
        provider_name=loc.provider_name or None,
        postcode=loc.postcode or None,
        town=loc.town or None,
        council_code=loc.council_code or None,
        service_types=(loc.service,),
    )
    for loc in reg.locations
)
# Texts whose words have many near spellings in the register, tied in blocking.
tricky = [
    ["t1", "", "Bolton NHS Foundation Trust", "OL7 3FE"],
    ["t2", "", "Hollibs Residential Home", "ST1 4PD"],
    ["t3", "Cindermoor Care Ltd", "SEVEN", "BL1 7EQ"],
    ["t4", "", "Dwn Rest Home", ""],
    ["t5", "", "Pilton", ""],
    ["t6", "", "Seven", ""],
]
records = [*tricky, *(row for row, _truth in generate.generate_members(reg, 7, 2000))]
for row in records:
    m = matcher.match(Query(*row))
    print(m.query_id, m.decision, m.location_id, m.provider_id, m.score)
    print("  ", [(c.location_id, c.score) for c in m.candidates])
"""


@pytest.mark.skipif(not ENGLAND.is_file(), reason="the CQC register files are not here")
def test_decisions_do_not_depend_on_the_processs_string_hashing() -> None:
    def run(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(DATA)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        return done.stdout

    first = run("1")
    assert first.count("\n") == 2 * 2006
    for seed in ("2", "3"):
        assert run(seed) == first
