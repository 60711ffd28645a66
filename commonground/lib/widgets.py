"""Form widgets every app shares.

Browsers read the value of ``<input type="date">`` only in ISO form (``2026-12-01``) and
silently discard anything else, such as the ``01/12/2026`` Django writes by default for
``en-gb``: an edit form would then post an empty date (issue 19). These widgets always write
ISO values.
"""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """``<input type="date">`` with an ISO value."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """``<input type="datetime-local">`` with an ISO value (to the minute)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
