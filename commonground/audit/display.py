"""An audit row's data as people read it: "from: 3 · to: 5", not a Python dictionary."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def describe(data: Any, prefix: str = "") -> list[tuple[str, str]]:
    """(label, value) pairs of an audit row's ``data``; nested keys are joined with "›"."""
    if not isinstance(data, dict):
        return [(prefix, _value(data))] if data not in (None, "", [], {}) else []
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        label = str(key).replace("_", " ")
        label = f"{prefix} › {label}" if prefix else label
        if isinstance(value, dict) and value:
            pairs.extend(describe(value, label))
        else:
            pairs.append((label, _value(value)))
    return pairs


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) if value else "—"
    if isinstance(value, dict):
        return "—"
    return str(value)
