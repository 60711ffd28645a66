"""The register list's rows are cached per scope and filters until the register changes."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.lib import datacache
from commonground.register import actions
from commonground.testing import make_location


@override_settings(COMMONGROUND_CACHE_SECONDS=60)
def test_it_serves_cached_rows_until_the_register_changes(
    client: Client,
    django_capture_on_commit_callbacks: Any,
    regional_organiser: Any,
    admin: Any,
    council_a: Any,
    council_b: Any,
) -> None:
    datacache.clear()
    home = make_location(council_a, "Synthetic Cached Home", beds=40)
    make_location(council_b, "Synthetic Other Home", beds=10)
    client.force_login(regional_organiser)
    url = reverse("register:location-list")
    first = client.get(url)
    assert "Synthetic Cached Home" in first.content.decode()
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url)
    assert again.content.decode().count("Synthetic Cached Home") == 1
    assert not [
        q for q in ctx.captured_queries if "register_location" in q["sql"] and "LIMIT" in q["sql"]
    ]

    filtered = client.get(url, {"q": "Other"}).content.decode()  # other filters: other rows
    assert "Synthetic Other Home" in filtered and "Synthetic Cached Home" not in filtered

    with django_capture_on_commit_callbacks(execute=True):
        actions.set_workforce_override(admin, home, 77, "counted")
    assert "~77" in client.get(url).content.decode()  # the override made the rows stale
    datacache.clear()
