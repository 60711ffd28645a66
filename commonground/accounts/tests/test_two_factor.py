"""Two-factor authentication has no way round it (issue 14, finding 1).

Before the second factor a session may only log in and out, open the two-factor page and reset
a password. User management under ``/accounts/`` was open before; now it redirects like every
other page. A second device is enrolled only after an admin's reset, which is audited.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from commonground.accounts.models import Role, User
from commonground.audit.models import Entry
from commonground.publicpages.actions import create_page
from commonground.testing import log_in_with_password

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_required")]

TWO_FACTOR = reverse("accounts:two-factor")


@pytest.fixture
def two_factor_required() -> Any:
    with override_settings(COMMONGROUND_REQUIRE_2FA=True):
        yield


def _password_only(user: User) -> Client:
    return log_in_with_password(Client(), user)


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _verified(user: User) -> Client:
    """A session past both factors (enrolling a first device on the way)."""
    client = _password_only(user)
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=user)
    assert client.post(TWO_FACTOR, {"token": _code(device)}).status_code == 302
    return client


def _sent_to_two_factor(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(TWO_FACTOR)


def test_user_management_waits_for_the_second_factor(admin: User, viewer: User) -> None:
    client = _password_only(admin)
    for url in (
        reverse("accounts:user-list"),
        reverse("accounts:user-invite"),
        reverse("accounts:user-detail", args=[viewer.pk]),
        reverse("audit:entry-list"),
        reverse("audit:entry-export"),
        reverse("dashboard:home"),
    ):
        assert _sent_to_two_factor(client.get(url)), url
    promote = client.post(
        reverse("accounts:user-detail", args=[viewer.pk]),
        {"role": Role.ADMIN, "region": viewer.region_id, "is_active": "on"},
    )
    invite = client.post(
        reverse("accounts:user-invite"),
        {"username": "sleeper", "email": "sleeper@example.invalid", "role": Role.ADMIN},
    )
    assert _sent_to_two_factor(promote) and _sent_to_two_factor(invite)
    viewer.refresh_from_db()
    assert viewer.role == Role.VIEWER
    assert not User.objects.filter(username="sleeper").exists()


def test_only_the_session_pages_open_before_the_second_factor(admin: User) -> None:
    client = _password_only(admin)
    for url in (
        TWO_FACTOR,
        reverse("accounts:password-reset"),
        reverse("accounts:password-reset-done"),
        reverse("accounts:password-reset-complete"),
    ):
        assert client.get(url).status_code == 200, url
    for url in (reverse("accounts:password-change"), reverse("accounts:invite-accept", args=["x"])):
        assert _sent_to_two_factor(client.get(url)), url
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_public_pages_treat_a_half_logged_in_session_as_a_visitor(
    admin: User, branch_a: Any
) -> None:
    page = create_page(
        admin,
        kind="join",
        values={
            "title": "Join the union at work",
            "slug": "join-here",
            "branch": branch_a,
            "consent_wording": "The union may contact me about joining.",
        },
    )
    # A closed page: its organisers may preview it (and its workplace search); visitors 404.
    search = reverse("public:workplaces", args=[page.slug]) + "?q=Syn"
    assert _verified(admin).get(search).status_code == 200
    client = _password_only(admin)
    assert client.get(search).status_code == 404
    assert client.get(reverse("public:page", args=[page.slug])).status_code == 200


def test_a_second_device_needs_the_first_or_an_admins_reset(
    admin: User, branch_organiser_a: User
) -> None:
    _verified(branch_organiser_a).post(reverse("accounts:logout"))
    first = TOTPDevice.objects.get(user=branch_organiser_a)
    # With the password alone: the page asks for the existing device's code, offers no key.
    client = _password_only(branch_organiser_a)
    page = client.get(TWO_FACTOR)
    assert page.status_code == 200 and first.config_url not in page.content.decode()
    assert not page.context.get("qr_svg")
    assert TOTPDevice.objects.filter(user=branch_organiser_a).count() == 1
    assert not page.context["setting_up"]

    # An admin past their own second factor resets it: audited; a new device is enrolled.
    reset = reverse("accounts:user-two-factor-reset", args=[branch_organiser_a.pk])
    assert _sent_to_two_factor(_password_only(admin).post(reset))
    assert TOTPDevice.objects.filter(user=branch_organiser_a).exists()
    assert _verified(admin).post(reset).status_code == 302
    assert not TOTPDevice.objects.filter(user=branch_organiser_a).exists()
    entry = Entry.objects.get(action="accounts.user.two_factor_reset")
    assert entry.actor == admin and entry.subject_id == str(branch_organiser_a.pk)
    assert entry.data == {"devices": 1}
    assert client.get(TWO_FACTOR).context["setting_up"]


def test_only_an_admin_resets_two_factor(
    branch_organiser_a: User, regional_organiser: User
) -> None:
    reset = reverse("accounts:user-two-factor-reset", args=[branch_organiser_a.pk])
    assert _verified(regional_organiser).post(reset).status_code == 403
    assert not Entry.objects.filter(action="accounts.user.two_factor_reset").exists()


def test_the_key_to_type_by_hand_is_the_base32_an_authenticator_app_asks_for(
    branch_organiser_a: User,
) -> None:
    """Authenticator apps take a typed key in base32 (RFC 4648), as in the QR code's address;
    the page showed hex, which every app refuses or turns into wrong codes."""
    client = _password_only(branch_organiser_a)
    page = client.get(TWO_FACTOR).content.decode()
    shown = re.search(r'data-testid="totp-secret">([^<]+)<', page)
    assert shown is not None
    typed = shown.group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=branch_organiser_a)
    assert f"secret={typed}" in device.config_url
    key = base64.b32decode(typed + "=" * (-len(typed) % 8))
    code = f"{TOTP(key, device.step, device.t0, device.digits, device.drift).token():06d}"
    assert client.post(TWO_FACTOR, {"token": code}).status_code == 302
