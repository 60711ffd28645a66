"""Browser tests: Playwright for Python driving Debian's Chromium (no browser download)."""

from __future__ import annotations

import os
import shutil
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls our fixtures make
# there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# Every page is opened as a British organiser's browser would. Chromium draws a date box in the
# order of its own interface language (dd/mm/yyyy for en-GB, mm/dd/yyyy for its default en-US),
# which on Linux it takes from LANGUAGE and finds only with Debian's chromium-l10n installed
# (.ci/run installs it); the context's locale sets navigator.language, Intl and Accept-Language.
LOCALE = "en-GB"
BROWSER_ENV: dict[str, str | float | bool] = {**os.environ, "LANGUAGE": "en_GB"}


# The selects matching a CSS selector whose chosen option's words are wider than the select can
# show (the text a phone cuts off), measured in the select's own font.
CUT_SELECTS = """(selector) => {
  const canvas = document.createElement("canvas"), ctx = canvas.getContext("2d"), out = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.multiple || !el.checkVisibility() || el.selectedIndex < 0) continue;
    const style = getComputedStyle(el);
    ctx.font = style.font;
    const text = el.options[el.selectedIndex].text.trim();
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
    if (ctx.measureText(text).width > room) out.push((el.name || el.id) + ": " + text);
  }
  return out;
}"""


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        if os.environ.get("COMMONGROUND_REQUIRE_BROWSER"):
            pytest.fail(
                "Chromium is required (COMMONGROUND_REQUIRE_BROWSER is set) but was not found"
            )
        pytest.skip("Chromium not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, env=BROWSER_ENV
        )
        yield b
        b.close()


@pytest.fixture(scope="session")
def warm_live_server(live_server: Any) -> None:
    """Load the URL modules once before any page is timed.

    The first request imports every app's views, the API schema and the PDF and chart
    libraries: 30 s on a busy shared machine, longer than a page's timeout. /favicon.ico
    resolves the whole URLconf without touching the database.
    """
    with urllib.request.urlopen(live_server.url + "/favicon.ico", timeout=600) as response:
        response.read()


@pytest.fixture
def page(browser: Any, live_server: Any, warm_live_server: None) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale=LOCALE
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser: Any, live_server: Any, warm_live_server: None) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale=LOCALE,
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def login(page: Any, username: str, password: str) -> None:
    """Log in through the log-in page and, for a role that needs it, the two-factor page, as a
    person does: the code is the one their authenticator app would show (a device is enrolled
    on their first log-in, as the two-factor page offers it)."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/accounts/two-factor/" in page.url:
        page.get_by_label("Code").fill(authenticator_code(username))
        page.get_by_role("button", name="Verify").click()
        page.wait_for_load_state()


def authenticator_code(username: str) -> str:
    """The code ``username``'s authenticator shows now. A code is good once (django-otp refuses
    a replay), so a second log-in within the same 30 s uses the next step's code, which the
    device's tolerance of one step accepts."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user__username=username).order_by("-confirmed").first()
    assert device is not None, f"{username} has no authenticator to take a code from"
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t is not None and device.last_t >= totp.t():
        totp.drift += 1
    return f"{totp.token():06d}"
