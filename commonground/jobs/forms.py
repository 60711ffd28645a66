"""Query strings about jobs (``lib.query``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.lib.query import IdField, QueryForm


class JobForm(QueryForm):
    """``?job=<id>``: the job whose progress a page shows (imports, linkage runs)."""

    job = IdField()


class JobDetailForm(QueryForm):
    """``?format=json``: the job's progress as JSON instead of a page."""

    format = forms.ChoiceField(choices=[("", _("Page")), ("json", "JSON")])
