"""Property tests for ``commonground import-register`` end to end, database writes included.

``read_register`` has its own property tests; these drive the command the way an operator
does, so whatever rows the readers yield are also resolved and stored without error.
Bad rows are counted as rejected with (file, line, field, reason); a file that is not a
register is refused with a ``CommandError``.
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

from commonground.lib.postcodes import is_valid_postcode, normalise_postcode, outcode, sector
from commonground.register.tests.conftest import HSCA_HEADER

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("register")


def run(path: Path) -> None:
    out = StringIO()
    try:
        call_command("import_register", str(path), "--json", stdout=out)
    except CommandError as exc:
        assert str(exc).strip()
        return
    summary = json.loads(out.getvalue())
    assert summary["rejected"] == len(summary["rejected_rows"]) or summary["rejected"] > 50
    for row in summary["rejected_rows"]:
        assert row["line"] >= 1 and row["field"] and row["reason"], row


_CELL = st.text(alphabet=st.sampled_from(list('1-Y N,"\n.é=9aZ')), max_size=12)
_ID = st.one_of(_CELL, st.from_regex(r"1-\d{9}", fullmatch=True))
_NUM = st.one_of(_CELL, st.floats().map(str), st.integers(-1000, 1000).map(str))


@given(
    rows=st.lists(
        st.tuples(_ID, st.one_of(_CELL, st.just("2015-01-01")), st.sampled_from(["Y", "N", ""]),
                  _CELL, _NUM, _CELL, _CELL, _CELL, _CELL,
                  st.one_of(_CELL, st.just("BL1 4AA")), _NUM, _NUM,
                  st.sampled_from(["Y", ""]), st.sampled_from(["Y", ""]),
                  st.one_of(_CELL, st.just("E08000001"))),
        max_size=8,
    )
)  # fmt: skip
def test_hsca_rows_of_anything_are_stored_or_rejected(fuzz_dir, council_a, rows) -> None:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = fuzz_dir / "hsca_2021-03-01.csv"
    path.write_text(HSCA_HEADER + out.getvalue(), encoding="utf-8")
    run(path)


@given(
    records=st.lists(
        st.fixed_dictionaries(
            {"locationId": _ID, "name": _CELL},
            optional={
                "postalCode": st.one_of(_CELL, st.just("BL1 4AA")),
                "onspdLatitude": st.one_of(st.floats(), _CELL),
                "onspdLongitude": st.one_of(st.floats(), _CELL),
                "numberOfBeds": st.one_of(st.integers(-5, 10**6), _CELL, st.none()),
                "registrationStatus": st.sampled_from(["Registered", "Deregistered", "?"]),
                "registrationDate": st.one_of(_CELL, st.just("2020-02-30")),
                "localAuthority": st.one_of(_CELL, st.just("Bolton")),
                "careHome": st.sampled_from(["Y", "N", 1, None]),
                "providerId": _ID,
            },
        ),
        max_size=6,
    )
)
def test_api_records_of_any_shape_are_stored_or_rejected(fuzz_dir, council_a, records) -> None:
    path = fuzz_dir / "cqc_api_locations_2025-03.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run(path)


@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_are_imported_or_refused(fuzz_dir, data: bytes) -> None:
    path = fuzz_dir / "register.csv"
    path.write_bytes(data)
    run(path)


# --- commonground.lib.postcodes: total functions, consistent with each other -------------


@given(
    st.one_of(st.none(), st.text(max_size=12), st.from_regex(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"))
)
def test_postcode_helpers_never_raise_and_agree(raw: str | None) -> None:
    normal = normalise_postcode(raw)
    assert is_valid_postcode(raw) is (normal is not None)
    if normal is None:
        assert outcode(raw) is None and sector(raw) is None
        return
    assert normalise_postcode(normal) == normal  # idempotent
    district = outcode(raw)
    assert district is not None and normal.startswith(district + " ")
    assert sector(raw) == normal[:-2]
    assert 6 <= len(normal) <= 8
