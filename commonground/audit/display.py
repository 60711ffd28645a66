"""An audit row's data as people read it: "from: 3 · to: 5", not a Python dictionary."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy


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


# What each verb of an action code (``app.model.verb``, docs/style.md §10) did, in words. The
# one place an audit action is put into words: the audit page and the subject access export
# both read :func:`action_label`.
VERBS: dict[str, Any] = {
    "accepted": pgettext_lazy("audit", "accepted"),
    "added": pgettext_lazy("audit", "added"),
    "approved": pgettext_lazy("audit", "approved"),
    "assigned": pgettext_lazy("audit", "assigned"),
    "cancelled": pgettext_lazy("audit", "cancelled"),
    "carried_over": pgettext_lazy("audit", "carried over"),
    "changed": pgettext_lazy("audit", "changed"),
    "closed": pgettext_lazy("audit", "closed"),
    "completed": pgettext_lazy("audit", "completed"),
    "converted": pgettext_lazy("audit", "converted"),
    "created": pgettext_lazy("audit", "created"),
    "deleted": pgettext_lazy("audit", "deleted"),
    "done": pgettext_lazy("audit", "done"),
    "ended": pgettext_lazy("audit", "ended"),
    "erased": pgettext_lazy("audit", "erased"),
    "exported": pgettext_lazy("audit", "exported"),
    "failed": pgettext_lazy("audit", "failed"),
    "granted": pgettext_lazy("audit", "granted"),
    "imported": pgettext_lazy("audit", "imported"),
    "invited": pgettext_lazy("audit", "invited"),
    "lapsed": pgettext_lazy("audit", "lapsed"),
    "linked": pgettext_lazy("audit", "linked to a workplace"),
    "listed": pgettext_lazy("audit", "listed"),
    "logged": pgettext_lazy("audit", "logged"),
    "made": pgettext_lazy("audit", "made"),
    "merged": pgettext_lazy("audit", "merged"),
    "moved": pgettext_lazy("audit", "moved"),
    "opened": pgettext_lazy("audit", "opened"),
    "previewed": pgettext_lazy("audit", "previewed"),
    "published": pgettext_lazy("audit", "published"),
    "purged": pgettext_lazy("audit", "purged"),
    "queued": pgettext_lazy("audit", "queued"),
    "received": pgettext_lazy("audit", "received"),
    "recorded": pgettext_lazy("audit", "recorded"),
    "reimported": pgettext_lazy("audit", "imported again"),
    "rejected": pgettext_lazy("audit", "rejected"),
    "removed": pgettext_lazy("audit", "removed"),
    "requested": pgettext_lazy("audit", "requested"),
    "retried": pgettext_lazy("audit", "retried"),
    "revoked": pgettext_lazy("audit", "revoked"),
    "saved": pgettext_lazy("audit", "saved"),
    "searched": pgettext_lazy("audit", "searched"),
    "sent": pgettext_lazy("audit", "sent"),
    "set": pgettext_lazy("audit", "set"),
    "skipped": pgettext_lazy("audit", "skipped"),
    "started": pgettext_lazy("audit", "started"),
    "subject_access": pgettext_lazy("audit", "subject access export made"),
    "taken": pgettext_lazy("audit", "taken"),
    "tested": pgettext_lazy("audit", "tested"),
    "translated": pgettext_lazy("audit", "translated"),
    "updated": pgettext_lazy("audit", "updated"),
    "uploaded": pgettext_lazy("audit", "uploaded"),
    "viewed": pgettext_lazy("audit", "viewed"),
    "widened": pgettext_lazy("audit", "widened"),
    "withdrawn": pgettext_lazy("audit", "withdrawn"),
}


# Whole codes whose thing-and-verb reading would mislead.
ACTIONS: dict[str, Any] = {
    "people.person.subject_access": pgettext_lazy("audit", "Subject access export made"),
    "people.person.matched_public_page": pgettext_lazy("audit", "Matched to a public form answer"),
    "people.person.matched_signup": pgettext_lazy("audit", "Matched to an event sign-up"),
    "outreach.call.history_revealed": pgettext_lazy("audit", "Call history shown to a caller"),
    "outreach.call.revealed": pgettext_lazy("audit", "Contact details shown to a caller"),
}


def action_label(code: str) -> str:
    """An audit action code in words: "Person created" for ``people.person.created``. The
    thing is its model's own name where the code names a model (``app.model``), else the code's
    word; the verb is from :data:`VERBS`, else the code's word with spaces."""
    if code in ACTIONS:
        return str(ACTIONS[code])
    parts = code.split(".")
    if len(parts) != 3:
        return code.replace("_", " ")
    app_label, noun, verb = parts
    try:
        thing = str(apps.get_model(app_label, noun)._meta.verbose_name)
    except LookupError:  # a code naming no model ("accounts.login.failed")
        thing = noun.replace("_", " ")
    did = str(VERBS.get(verb, verb.replace("_", " ")))
    return capfirst(f"{thing} {did}")
