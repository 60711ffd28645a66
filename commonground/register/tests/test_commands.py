from __future__ import annotations

import functools
import http.server
import json
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commonground.register.models import Council, Location, PostcodeDistrict
from commonground.register.tests.conftest import (
    BOUNDARIES,
    COUNCILS,
    POSTCODES,
    hsca_row,
    need_data,
)

pytestmark = pytest.mark.django_db

REQUIRED = {
    "read",
    "created",
    "updated",
    "unchanged",
    "deregistered",
    "skipped",
    "rejected",
    "unresolved_council",
}


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_one_json_object_for_import_register(region, write_hsca):
    path = write_hsca("hsca_2021-03-01.csv", hsca_row("1-100000001", "A"), hsca_row("x", "B"))
    out, _err = run("import_register", str(path), "--json")
    summary = json.loads(out)
    assert summary.keys() >= REQUIRED
    assert (summary["created"], summary["rejected"]) == (1, 1)
    assert summary["rejected_rows"][0]["line"] == 3


def test_it_names_expected_and_found_columns_for_a_wrong_file(region, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("foo,bar\n1,2\n")
    with pytest.raises(CommandError, match='Found columns: "foo", "bar"'):
        run("import_register", str(path), "--json")


def test_it_prints_register_stats(region, write_hsca):
    path = write_hsca(
        "hsca_2021-03-01.csv",
        hsca_row("1-100000001", "A"),
        hsca_row("1-100000002", "B", district="Liverpool", code="E08000012", nursing=True),
    )
    run("import_register", str(path))
    out, _ = run("register_stats", "--region", "North West", "--json")
    stats = json.loads(out)
    assert stats["locations"] == 2
    assert stats["by_council"] == {"E08000001": 1, "E08000012": 1}
    assert stats["by_service_type"] == {"care_home": 1, "care_home_nursing": 1}
    assert stats["by_status"] == {"registered": 2}
    assert {"providers"} <= stats.keys()
    with pytest.raises(CommandError):
        run("register_stats", "--region", "Atlantis")


def test_it_imports_councils_boundaries_and_postcodes(region):
    need_data(COUNCILS, BOUNDARIES, POSTCODES)
    out, _ = run("import_councils", str(COUNCILS), "--json")
    assert json.loads(out)["created"] > 300
    assert "Kingston upon Hull, City of" in Council.objects.get(ons_code="E06000010").alt_names
    out, _ = run("import_boundaries", str(BOUNDARIES), "--json")
    assert json.loads(out)["unmatched"] == 0
    out, _ = run("import_postcodes", str(POSTCODES), "--json")
    assert json.loads(out)["created"] == 3115
    # Carlisle's postcode district lands in Cumberland; Preston's in Lancashire.
    codes = dict(PostcodeDistrict.objects.values_list("outcode", "council__ons_code"))
    assert codes["CA1"] == "E06000063"
    assert codes["PR1"] == "E10000017"


def test_it_fetches_then_imports_from_a_local_server(region, write_hsca):
    path = write_hsca("hsca_2021-03-01.csv", hsca_row("1-100000001", "Fetched Home"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(path.parent))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{path.name}"
        out, _ = run("fetch_register", url, "--json")
        summary = json.loads(out)
        assert summary["created"] == 1
        assert summary["files"][0]["source_date"] == "2021-03-01"  # the URL's name is kept
        assert Location.objects.filter(name="Fetched Home").exists()
        with pytest.raises(CommandError, match="download failed"):
            run("fetch_register", url.replace(path.name, "missing.csv"))
    finally:
        server.shutdown()
        server.server_close()
