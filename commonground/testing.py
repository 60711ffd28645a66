"""Persona fixtures and factories shared by every test (docs/style.md §8).

Personas (healthchecks' alice/bob, zulip's hamlet/cordelia):
``admin``, ``regional_organiser``, ``branch_organiser_a``, ``rep_at_workplace_x``, ``viewer``
and ``outsider_branch_b`` (a branch organiser of another branch). All people are synthetic.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from commonground.accounts.models import Branch, Role, ServiceGroup, User, WorkplaceAssignment
from commonground.lib import datacache
from commonground.register.models import Council, Location, Provider, Region
from commonground.register.seed import seed_north_west

PASSWORD = "correct-horse-battery-staple"
_seq = itertools.count(1)


def pass_second_factor(session: Any, user: User) -> None:
    """Mark ``session`` as past ``user``'s second factor, as the two-factor page does after a
    right code (``django_otp.login``): their confirmed authenticator, enrolled if they have none.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def log_in_with_password(client: Client, user: User) -> Client:
    """Log ``user`` in through the log-in page with their password only: for a role that needs
    a second factor, the session stops before it."""
    from django.urls import reverse

    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, "the log-in page refused the persona's password"
    return client


_force_login = Client.force_login


def _force_login_with_both_factors(self: Client, user: Any, backend: str | None = None) -> None:
    """``Client.force_login`` logs a user fully in: past the second factor when their role needs
    one (production requires it; the tests run production's setting). A test of the state
    between the two factors logs in with :func:`log_in_with_password`.
    """
    _force_login(self, user, backend)
    if getattr(user, "needs_two_factor", False):
        pass_second_factor(self.session, user)


Client.force_login = _force_login_with_both_factors  # type: ignore[method-assign,assignment]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test has its own data: it starts with production's cache on and empty."""
    datacache.clear()


def make_user(
    username: str,
    role: str,
    region: Region | None = None,
    branches: list[Branch] | None = None,
    **extra: Any,
) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.invalid",
        role=role,
        region=region,
        **extra,
    )
    if branches:
        user.branches.set(branches)
    return user


def make_branch(
    region: Region, code: str, councils: list[Council], name: str | None = None
) -> Branch:
    branch = Branch.objects.create(
        region=region,
        code=code,
        name=name or f"Test branch {code}",
        service_groups=[ServiceGroup.COMMUNITY.value],
        is_synthetic=True,
    )
    branch.councils.set(councils)
    return branch


def make_provider(name: str = "Test Care Group Ltd", **extra: Any) -> Provider:
    return Provider.objects.create(
        name=name, cqc_id=extra.pop("cqc_id", f"1-9{next(_seq):08d}"), **extra
    )


def make_location(council: Council | None, name: str | None = None, **extra: Any) -> Location:
    n = next(_seq)
    defaults: dict[str, Any] = {
        "cqc_id": f"1-1{n:09d}",
        "name": name or f"Test Care Home {n}",
        "postcode": "M1 1AA",
        "beds": 40,
        "primary_service_type": "care_home",
        "service_types_text": "|care_home|",
        "latitude": 53.48,
        "longitude": -2.24,
    }
    defaults.update(extra)
    return Location.objects.create(council=council, **defaults)


@pytest.fixture
def region(db: Any) -> Region:
    return seed_north_west()


@pytest.fixture
def council_a(region: Region) -> Council:
    return Council.objects.get(ons_code="E08000001")  # Bolton


@pytest.fixture
def council_b(region: Region) -> Council:
    return Council.objects.get(ons_code="E08000012")  # Liverpool


@pytest.fixture
def branch_a(region: Region, council_a: Council) -> Branch:
    return make_branch(region, "T-A", [council_a], "Synthetic Bolton Care (test)")


@pytest.fixture
def branch_b(region: Region, council_b: Council) -> Branch:
    return make_branch(region, "T-B", [council_b], "Synthetic Liverpool Care (test)")


@pytest.fixture
def workplace_x(council_a: Council) -> Location:
    return make_location(council_a, "Synthetic Hollins Park Care Home", postcode="BL1 4AA")


@pytest.fixture
def workplace_y(council_b: Council) -> Location:
    return make_location(council_b, "Synthetic Mersey View Care Home", postcode="L1 1AA")


@pytest.fixture
def admin(region: Region) -> User:
    return make_user("admin", Role.ADMIN, region, is_staff=True)


@pytest.fixture
def regional_organiser(region: Region) -> User:
    return make_user("regional", Role.REGIONAL_ORGANISER, region)


@pytest.fixture
def branch_organiser_a(region: Region, branch_a: Branch) -> User:
    return make_user("branch_a", Role.BRANCH_ORGANISER, region, [branch_a])


@pytest.fixture
def rep_at_workplace_x(region: Region, branch_a: Branch, workplace_x: Location) -> User:
    user = make_user("rep_x", Role.REP, region, [branch_a])
    WorkplaceAssignment.objects.create(user=user, location=workplace_x)
    return user


@pytest.fixture
def viewer(region: Region) -> User:
    return make_user("viewer", Role.VIEWER, region)


@pytest.fixture
def outsider_branch_b(region: Region, branch_b: Branch) -> User:
    return make_user("branch_b", Role.BRANCH_ORGANISER, region, [branch_b])


PERSONA_FIXTURES = (
    "admin",
    "regional_organiser",
    "branch_organiser_a",
    "rep_at_workplace_x",
    "viewer",
    "outsider_branch_b",
)


@pytest.fixture
def personas(
    admin: User,
    regional_organiser: User,
    branch_organiser_a: User,
    rep_at_workplace_x: User,
    viewer: User,
    outsider_branch_b: User,
) -> dict[str, User]:
    return {
        "admin": admin,
        "regional_organiser": regional_organiser,
        "branch_organiser_a": branch_organiser_a,
        "rep_at_workplace_x": rep_at_workplace_x,
        "viewer": viewer,
        "outsider_branch_b": outsider_branch_b,
    }
