from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.lib.query import CodeField, IdField, QueryForm, TextField
from commonground.linkage.models import ReviewStatus


class AcceptForm(forms.Form):
    """A reviewer's pick: a location (a candidate or a search result) or only a provider."""

    location = forms.IntegerField(required=False, min_value=1)
    provider = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("location") and not data.get("provider"):
            raise forms.ValidationError(_("Choose a location or a provider."))
        return data


class QueueFilterForm(QueryForm):
    """The review queue's query string (also read from the page's address on htmx posts)."""

    status = forms.ChoiceField(
        label=_("Status"), choices=ReviewStatus.choices, initial=ReviewStatus.OPEN
    )
    branch = CodeField(label=_("Branch"), max_length=20)
    q = TextField(label=_("Search"), max_length=100)
    item = IdField()
    job = IdField()


class LocationSearchForm(QueryForm):
    q = TextField(label=_("Search"), max_length=100)
