"""The charter status colours as CSS, generated from ``charters.models.STATUS_COLOURS`` (the
one place they are chosen), so the badges, the swatches and the maps cannot disagree.

``commonground charters_status_css > commonground/static/commonground/charter-status.css``
rewrites the file; a test fails when it and the model differ.
"""

from __future__ import annotations

from commonground.charters.models import STATUS_COLOURS

PATH = "commonground/static/commonground/charter-status.css"


def render() -> str:
    lines = [
        "/* Generated from charters.models.STATUS_COLOURS by `commonground charters_status_css`:",
        "   do not edit by hand. */",
        ":root {",
        *(f"  --st-{status.value}: {colour};" for status, colour in STATUS_COLOURS.items()),
        "}",
        *(
            f".status-{status.value} i, i.status-{status.value} "
            f"{{ background: var(--st-{status.value}); }}"
            for status in STATUS_COLOURS
        ),
    ]
    return "\n".join(lines) + "\n"
