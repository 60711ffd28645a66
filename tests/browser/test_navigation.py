"""The header's links stand in one line on every section's pages (issue 19): outreach's style
sheet gave every inline form a margin, which pushed "Log out" below the other links."""

from __future__ import annotations

import pytest

from commonground.testing import PASSWORD

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

TOPS = """() => [...document.querySelectorAll('.site-nav li > a, .site-nav li > form > button')]
  .map(el => [el.textContent.trim(), Math.round(el.getBoundingClientRect().top),
              Math.round(el.getBoundingClientRect().height)])"""


@pytest.mark.parametrize("url", ["/outreach/", "/pages/", "/people/", "/facility/"])
def test_log_out_lines_up_with_the_other_links(page, branch_organiser_a, url):
    login(page, "branch_a", PASSWORD)
    page.goto(url)
    links = page.evaluate(TOPS)
    help_link = next(link for link in links if link[0] == "Help")
    log_out = next(link for link in links if link[0] == "Log out")
    assert log_out[1:] == help_link[1:], links
