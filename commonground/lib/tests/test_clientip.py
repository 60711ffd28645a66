"""The client's address behind proxies (issue 14, finding 14): lockout and audit see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.lib.clientip import client_ip, parse_networks
from commonground.testing import PASSWORD

PROXY = "10.0.0.5"


def ip(remote: str, forwarded: str | None = None) -> str | None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(request)


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert ip("192.0.2.1", "203.0.113.9") == "192.0.2.1"


@override_settings(COMMONGROUND_TRUSTED_PROXIES=["10.0.0.0/8", "::1"])
def test_from_a_trusted_proxy_the_client_is_the_first_untrusted_hop_from_the_right() -> None:
    assert ip(PROXY, "203.0.113.9") == "203.0.113.9"
    # The client wrote the leftmost value itself: ignored.
    assert ip(PROXY, "1.2.3.4, 203.0.113.9") == "203.0.113.9"
    # Two proxies of ours in a row.
    assert ip(PROXY, "203.0.113.9, 10.0.0.7") == "203.0.113.9"
    # No header, or garbage: the proxy is the best we know.
    assert ip(PROXY) == PROXY
    assert ip(PROXY, "not-an-address") == PROXY
    assert ip("::1", "2001:db8::5") == "2001:db8::5"
    assert ip("::ffff:10.0.0.5", "203.0.113.9") == "203.0.113.9"


@override_settings(COMMONGROUND_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_an_untrusted_sender_cannot_choose_its_address() -> None:
    assert ip("192.0.2.1", "203.0.113.9") == "192.0.2.1"


def test_a_bad_proxy_setting_stops_start_up() -> None:
    with pytest.raises(ImproperlyConfigured):
        parse_networks(["10.0.0.0/8", "proxy.example.org"])


def _fail(client: Client, username: str) -> int:
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": "wrong-password"}
    )
    return response.status_code


@pytest.mark.django_db
@override_settings(COMMONGROUND_TRUSTED_PROXIES=[PROXY])
def test_behind_the_proxy_one_client_cannot_lock_out_another(
    settings: Any, branch_organiser_a: Any
) -> None:
    """Before: every request came from the proxy, so an attacker's failures locked the user
    out for everyone. Now the lockout is per username and the client's own address."""
    attacker = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(attacker, branch_organiser_a.username)
    assert (
        attacker.post(
            reverse("accounts:login"),
            {"username": branch_organiser_a.username, "password": PASSWORD},
        ).status_code
        == 429
    )
    owner = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    response = owner.post(
        reverse("accounts:login"), {"username": branch_organiser_a.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    logged_in = Entry.objects.get(action="accounts.user.logged_in")
    assert logged_in.ip == "198.51.100.20"
    failures = Entry.objects.filter(action="accounts.user.login_failed")
    assert set(failures.values_list("ip", flat=True)) == {"203.0.113.66"}


@pytest.mark.django_db
def test_a_spoofed_header_from_outside_changes_nothing(
    settings: Any, branch_organiser_a: Any
) -> None:
    """No trusted proxy: rotating X-Forwarded-For does not dodge the lockout."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(
            Client(REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"),
            branch_organiser_a.username,
        )
    again = Client(REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="203.0.113.200")
    response = again.post(
        reverse("accounts:login"), {"username": branch_organiser_a.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert set(
        Entry.objects.filter(action="accounts.user.login_failed").values_list("ip", flat=True)
    ) == {"192.0.2.50"}
