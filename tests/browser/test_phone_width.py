"""No page is wider than a 390 px phone (issue 19, defect 8), for every page each persona
reaches, the public's (not logged in) too: every URL of the URL × persona matrix that answers
that persona with a web page, built from the matrix's own records (one of each kind per
branch). Every select shows its chosen words in full (a select squeezed beside the
button was cut to "Answers with contact detail")."""

from __future__ import annotations

from typing import Any

import pytest

from commonground.testing import PASSWORD
from tests.test_url_matrix import MATRIX, build_world, url_for

from .conftest import CUT_SELECTS, login

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_WIDTH = 390
LOGINS: dict[str, str | None] = {
    "anonymous": None,
    "admin": "admin",
    "regional_organiser": "regional",
    "branch_organiser_a": "branch_a",
    "rep_at_workplace_x": "rep_x",
    "viewer": "viewer",
    "outsider_branch_b": "branch_b",
}

# What sticks out past the right edge, outside any box that scrolls or clips it.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1 || !el.checkVisibility()) continue;
    let p = el.parentElement, contained = false;
    while (p) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) { contained = true; break; }
      p = p.parentElement;
    }
    if (!contained) out.push(el.tagName.toLowerCase() + "." + el.className + " → " + Math.round(r.right) + "px");
  }
  return [document.documentElement.scrollWidth, out.slice(0, 3)];
}"""


# Tables that scroll sideways inside their frame (a .table-wrap, or the table itself, which a
# phone lets scroll on its own): each should stack into one card a row (class "stack"). The one
# exception is a wide numeric grid of class "grid" whose first column stays put (sticky) while
# the figures scroll under it (docs/decisions.md, "session 6: tables on a phone").
TABLES_SCROLLING = """() => [...document.querySelectorAll("main table")].filter(t => {
  if (!t.checkVisibility() || t.closest("table.grid")) return false;
  const box = t.parentElement.classList.contains("table-wrap") ? t.parentElement : t;
  return box.scrollWidth > box.clientWidth + 1;
}).map(t => (t.dataset.testid || t.className || t.closest("[id]")?.id || "table")
  + " " + t.parentElement.scrollWidth + ">" + t.parentElement.clientWidth)"""


def pages_for(world: dict[Any, Any], persona: str) -> list[str]:
    """Every URL the matrix says ``persona`` may GET (status 200), once per record kind."""
    urls = []
    for name, spec in sorted(MATRIX.items()):
        if name.startswith(("api", "admin:")):
            continue
        for variant, row in spec.get.items():
            if row[persona] == 200:
                urls.append(url_for(world, name, spec, variant))
    return urls


@pytest.mark.parametrize("persona", sorted(LOGINS))
def test_no_page_is_wider_than_a_phone(phone_page: Any, persona: str, settings: Any, tmp_path: Any):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    username = LOGINS[persona]
    if username is not None:
        login(phone_page, username, PASSWORD)
        phone_page.wait_for_url("**/dashboard/**")
    seen, too_wide = 0, []
    for url in pages_for(world, persona):
        # Exports, PDFs, GeoJSON and files are not pages: asked first, never opened.
        head = phone_page.request.get(url, max_redirects=0)
        if head.status != 200 or "text/html" not in head.headers.get("content-type", ""):
            continue
        if "attachment" in head.headers.get("content-disposition", ""):
            continue  # an HTML file to save (a subject access export), not a page
        if "<html" not in head.text()[:500].lower():
            continue  # a fragment htmx puts into a page (search results, a list's size)
        phone_page.goto(url)
        phone_page.wait_for_load_state("load")
        seen += 1
        width, parts = phone_page.evaluate(OVERFLOW)
        if width > PHONE_WIDTH or parts:
            too_wide.append(f"{url}: {width}px {parts}")
        cut = phone_page.evaluate(CUT_SELECTS, "main select")
        if cut:
            too_wide.append(f"{url}: choices cut off {cut}")
        scrolling = phone_page.evaluate(TABLES_SCROLLING)
        if scrolling:
            too_wide.append(f"{url}: a table scrolls sideways {scrolling}")
    assert seen > (3 if username is None else 10), f"only {seen} pages opened for {persona}"
    assert not too_wide, "\n".join(too_wide)
