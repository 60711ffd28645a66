"""Query strings about jobs (``lib.query``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.jobs.models import JobStatus
from commonground.lib.query import IdField, QueryForm, TextField


class JobForm(QueryForm):
    """``?job=<id>``: the job whose progress a page shows (imports, linkage runs)."""

    job = IdField()


class JobDetailForm(QueryForm):
    """``?format=json``: the job's progress as JSON instead of a page."""

    format = forms.ChoiceField(choices=[("", _("Page")), ("json", "JSON")])


class JobFilterForm(QueryForm):
    """The jobs list's search and status filter."""

    q = TextField(label=_("Search"), max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *JobStatus.choices], required=False
    )
