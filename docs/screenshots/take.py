"""Take the README's screenshots from a running demo.

    DEBUG=1 COMMONGROUND_VAR_DIR=/tmp/cg-shots .venv/bin/commonground demo --no-serve
    DEBUG=1 COMMONGROUND_VAR_DIR=/tmp/cg-shots .venv/bin/commonground runserver 127.0.0.1:8000
    .venv/bin/python docs/screenshots/take.py [--base http://127.0.0.1:8000] [NAME ...]

Playwright drives Debian's Chromium (``/usr/bin/chromium``, or ``CHROMIUM_PATH``), headless,
at 1280 × 860 (desktop) or 390 × 844 (phone), logged in as the demo persona each shot names.
Each file is written to ``docs/screenshots/NAME.png``; look at them before committing.
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path
from typing import NamedTuple

from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).resolve().parent
PASSWORD = "commonground-demo"  # the demo's (synthetic people only)
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class Shot(NamedTuple):
    name: str
    user: str
    path: str
    phone: bool = False
    follow: str = ""
    """A link to follow from ``path`` first (CSS selector), for pages whose address the demo
    makes up (a campaign's slug, a person's id)."""
    top: str = ""
    """Scroll so this element (CSS selector) is at the top of the shot."""


SHOTS = [
    Shot("my-day", "branch", "/dashboard/my-day/"),
    Shot("dashboard", "regional", "/dashboard/"),
    Shot("register", "regional", "/register/"),
    Shot("people", "branch", "/people/"),
    Shot("density", "regional", "/density/"),
    Shot("targets", "branch", "/density/targets/?rep=no", top="form.target-filters"),
    Shot("linkage", "branch", "/linkage/"),
    Shot("charters", "regional", "/charters/map/"),
    Shot("report", "regional", "/campaigns/", follow="ul.campaign-cards h2 a"),
    Shot(
        "phone-person",
        "rep",
        "/people/",
        phone=True,
        follow="table.people-table td a",
        top="form.one-to-one",
    ),
]


def take(page: Page, base: str, shot: Shot) -> None:
    page.goto(base + shot.path)
    if shot.follow:
        page.locator(shot.follow).first.click()
        page.wait_for_load_state()
        if shot.name == "report":  # from the campaign to its own report
            page.get_by_role("link", name="This campaign's report").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # maps draw after their data arrives
    if shot.top:
        page.locator(shot.top).first.evaluate(
            "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 60)"
        )
    page.screenshot(path=str(HERE / f"{shot.name}.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("names", nargs="*", help="only these shots (default: all)")
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    shots = [s for s in SHOTS if not args.names or s.name in args.names]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        for shot in shots:
            size = {"width": 390, "height": 844} if shot.phone else {"width": 1280, "height": 860}
            context = browser.new_context(viewport=size, is_mobile=shot.phone)
            page = context.new_page()
            page.goto(args.base + "/accounts/login/")
            page.fill("input[name=username]", shot.user)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            take(page, args.base, shot)
            print(f"docs/screenshots/{shot.name}.png  ({shot.user}, {shot.path})")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
