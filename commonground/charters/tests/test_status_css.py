"""The status colours live once, in the model; the CSS is generated from them."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from commonground.charters.models import STATUS_COLOURS, Status
from commonground.charters.status_css import PATH, render


def test_the_status_css_is_generated_from_the_model():
    path = Path(settings.BASE_DIR) / PATH
    assert path.read_text(encoding="utf-8") == render(), (
        f"{PATH} is out of date: run `commonground charters_status_css > {PATH}`"
    )


def test_every_status_has_a_colour_and_no_other_stylesheet_sets_one():
    assert set(STATUS_COLOURS) == set(Status)
    static = Path(settings.BASE_DIR) / "commonground" / "static" / "commonground"
    for css in static.glob("*.css"):
        if css.name != "charter-status.css":
            assert "--st-" not in css.read_text(encoding="utf-8").replace("var(--st-", ""), css.name
