"""Query strings of the import pages (``lib.query``)."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from commonground.imports.models import ImportRun, RunStatus
from commonground.lib.query import QueryForm, TextField


class RunFilterForm(QueryForm):
    """A list of imports: searched by file name or branch code, filtered by status."""

    q = TextField(label=_("Search"), max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *RunStatus.choices], required=False
    )

    def filter(self, runs: QuerySet[ImportRun]) -> QuerySet[ImportRun]:
        q, status = self.values["q"], self.values["status"]
        if q:
            runs = runs.filter(Q(original_name__icontains=q) | Q(branch__code__iexact=q))
        if status:
            runs = runs.filter(status=status)
        return runs
