from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from commonground.audit.models import Entry
from commonground.testing import PASSWORD, log_in_with_password

LOGIN = reverse("accounts:login")


def _login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
def test_it_logs_in_and_writes_an_audit_row(client, branch_organiser_a):
    response = _login(client, "branch_a")
    assert response.status_code == 302
    # The root sends each role to its first page (My day for a branch organiser).
    assert response["Location"] == reverse("dashboard:root")
    entry = Entry.objects.get(action="accounts.user.logged_in")
    assert entry.actor == branch_organiser_a
    assert entry.subject_id == str(branch_organiser_a.pk)


@pytest.mark.django_db
def test_it_refuses_a_wrong_password_and_audits_it(client, branch_organiser_a):
    response = _login(client, "branch_a", "not-the-password")
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    entry = Entry.objects.get(action="accounts.user.login_failed")
    assert entry.data == {"username": "branch_a"}
    assert "not-the-password" not in str(entry.data)
    assert not Entry.objects.filter(action="accounts.user.logged_in").exists()


@pytest.mark.django_db
def test_it_locks_out_after_repeated_failures(client, branch_organiser_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "branch_a", "wrong")
    response = _login(client, "branch_a")  # even the right password is refused now
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert Entry.objects.filter(action="accounts.user.locked_out").exists()
    assert not Entry.objects.filter(action="accounts.user.logged_in").exists()


@pytest.mark.django_db
def test_it_logs_out_only_by_post(client, branch_organiser_a):
    client.force_login(branch_organiser_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert Entry.objects.filter(action="accounts.user.logged_out").exists()


@pytest.mark.django_db
@override_settings(COMMONGROUND_REQUIRE_2FA=True)
def test_it_requires_two_factor_for_organisers(client, branch_organiser_a):
    _login(client, "branch_a")
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor"))
    # Setting up: the page offers a key; a correct TOTP code confirms the device.
    page = client.get(reverse("accounts:two-factor"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=branch_organiser_a)
    assert not device.confirmed
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    ok = client.post(
        reverse("accounts:two-factor"), {"token": f"{totp.token():06d}", "next": "/dashboard/"}
    )
    assert ok.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert Entry.objects.filter(action="accounts.user.two_factor_enabled").exists()


@pytest.mark.django_db
@override_settings(COMMONGROUND_REQUIRE_2FA=True)
def test_it_refuses_a_wrong_two_factor_code(client, branch_organiser_a):
    log_in_with_password(client, branch_organiser_a)  # not past the second factor
    wrong = client.post(reverse("accounts:two-factor"), {"token": "000000"})
    assert wrong.status_code == 200
    assert "not right" in wrong.content.decode()
    assert client.get(reverse("dashboard:home")).status_code == 302
    assert Entry.objects.filter(action="accounts.user.two_factor_failed").exists()


@pytest.mark.django_db
@override_settings(COMMONGROUND_REQUIRE_2FA=True)
def test_it_does_not_require_two_factor_for_viewers(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("dashboard:home")).status_code == 200


@pytest.mark.django_db
def test_it_changes_the_password(client, branch_organiser_a):
    client.force_login(branch_organiser_a)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-passphrase-9",
            "new_password2": "a-much-longer-passphrase-9",
        },
    )
    assert response.status_code == 302
    branch_organiser_a.refresh_from_db()
    assert branch_organiser_a.check_password("a-much-longer-passphrase-9")


@pytest.mark.django_db
def test_it_sends_a_password_reset_link(client, branch_organiser_a, mailoutbox):
    response = client.post(reverse("accounts:password-reset"), {"email": branch_organiser_a.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/" in mailoutbox[0].body
