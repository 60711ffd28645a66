"""The rate limiter (issue 14, finding 15): per address, per key, across processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from commonground.accounts.models import RateLimitCounter
from commonground.accounts.ratelimit import Rate, exceeded, limit, parse_rate
from commonground.api.actions import create_token
from commonground.audit.models import Entry
from commonground.charters.actions import set_scoreboard_published
from commonground.charters.models import Charter
from commonground.charters.seed import seed_charters
from commonground.testing import PASSWORD

pytestmark = pytest.mark.django_db

TIGHT = {
    "public.ip": "3/m",
    "api.ip": "5/m",
    "api.key": "2/m",
    "login.ip": "4/15m",
    "password-reset.ip": "10/h",
    "password-reset.key": "2/h",
}


@pytest.fixture
def published_charter(regional_organiser: Any) -> Charter:
    seed_charters()
    charter = Charter.objects.get(slug="ethical-care")
    set_scoreboard_published(regional_organiser, charter, True)
    return charter


def test_it_reads_rates() -> None:
    assert parse_rate("120/m") == Rate(120, 60)
    assert parse_rate("30/15m") == Rate(30, 900)
    assert parse_rate("1000/3600") == Rate(1000, 3600)
    assert parse_rate("off") is None
    with pytest.raises(ImproperlyConfigured):
        parse_rate("lots")


@override_settings(COMMONGROUND_RATE_LIMITS=TIGHT)
def test_it_counts_per_address_and_per_key() -> None:
    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="192.0.2.1")
    two = factory.get("/", REMOTE_ADDR="192.0.2.2")
    assert [limit(one, "public").allowed for _ in range(4)] == [True, True, True, False]
    assert limit(two, "public").allowed  # another address has its own count
    refused = limit(one, "public")
    assert not refused.allowed and 1 <= refused.retry_after <= 60
    assert not exceeded(one, "public").allowed and exceeded(two, "public").allowed
    # Per key, whatever the address: two per token.
    assert [limit(one, "api", key="t", per_ip=False).allowed for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert limit(two, "api", key="u", per_ip=False).allowed
    # Nothing personal is stored: keys are keyed hashes.
    assert not RateLimitCounter.objects.filter(key__contains="192.0.2").exists()


@override_settings(COMMONGROUND_RATE_LIMITS={"public.ip": "off"})
def test_a_scope_can_be_switched_off() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")
    assert all(limit(request, "public").allowed for _ in range(50))
    assert not RateLimitCounter.objects.exists()


def test_an_unknown_scope_is_a_configuration_error() -> None:
    with pytest.raises(ImproperlyConfigured):
        limit(RequestFactory().get("/"), "no-such-scope")


# Run in separate Python processes against one SQLite file, as several app servers would.
_PROCESS = """
import sys
import django
django.setup()
from django.db import connection
from django.test import RequestFactory
from commonground.accounts.models import RateLimitCounter
from commonground.accounts.ratelimit import limit
if sys.argv[1] == "create":
    with connection.schema_editor() as editor:
        editor.create_model(RateLimitCounter)
else:
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.9")
    print(sum(limit(request, "public").allowed for _ in range(int(sys.argv[1]))))
"""


def test_app_processes_share_one_count(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "commonground.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "COMMONGROUND_RATE_LIMITS": "public.ip=25/h",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    run = [sys.executable, "-c", _PROCESS]
    subprocess.run([*run, "create"], env=env, check=True, capture_output=True)
    processes = [
        subprocess.Popen([*run, "10"], env=env, stdout=subprocess.PIPE, text=True) for _ in range(4)
    ]
    allowed = [int(p.communicate(timeout=120)[0]) for p in processes]
    assert all(p.returncode == 0 for p in processes)
    assert sum(allowed) == 25  # 40 requests, exactly the limit allowed: no lost updates


@override_settings(COMMONGROUND_RATE_LIMITS=TIGHT)
def test_the_public_geojson_and_scoreboard_answer_429(published_charter: Charter) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    geojson = reverse("charters:public-geojson", args=[published_charter.slug])
    statuses = [client.get(geojson).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(reverse("charters:public-scoreboard", args=[published_charter.slug]))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Too many requests" in refused.content.decode()
    # Another visitor is not affected.
    assert Client(REMOTE_ADDR="198.51.100.8").get(geojson).status_code == 200


@override_settings(COMMONGROUND_RATE_LIMITS=TIGHT)
def test_the_api_limits_each_token_and_each_address(branch_organiser_a: Any) -> None:
    raw = create_token(branch_organiser_a, "script")[1]
    me = reverse("api-v1:me")
    client = Client(REMOTE_ADDR="203.0.113.5")
    statuses = [client.get(me, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = client.get(me, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused["Retry-After"]) >= 1
    # Guessing tokens from one address: refused before any lookup once the address is spent.
    guesser = Client(REMOTE_ADDR="203.0.113.6")
    guesses = [
        guesser.get(me, HTTP_AUTHORIZATION=f"Bearer cg_guess{n}").status_code for n in range(6)
    ]
    assert guesses == [401, 401, 401, 401, 401, 429]


@override_settings(COMMONGROUND_RATE_LIMITS=TIGHT)
def test_one_address_cannot_spray_many_usernames(client: Client, admin: Any) -> None:
    """Axes locks a username at an address; the address itself is locked after login.ip."""
    login = reverse("accounts:login")
    for n in range(4):
        client.post(login, {"username": f"nobody{n}", "password": "wrong"})
    refused = client.post(login, {"username": admin.username, "password": "right-or-not"})
    assert refused.status_code == 429
    assert "Too many failed log-in attempts" in refused.content.decode()
    entry = Entry.objects.filter(action="accounts.user.locked_out").latest("id")
    assert entry.data == {"by": "address"}
    # Another address still logs in.
    other = Client(REMOTE_ADDR="192.0.2.200")
    assert other.post(login, {"username": admin.username, "password": PASSWORD}).status_code == 302


@override_settings(COMMONGROUND_RATE_LIMITS=TIGHT)
def test_password_reset_mails_are_limited_per_email_address(
    client: Client, branch_organiser_a: Any, mailoutbox: list[Any]
) -> None:
    reset = reverse("accounts:password-reset")
    statuses = [
        client.post(reset, {"email": branch_organiser_a.email.upper()}).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert len(mailoutbox) == 2
