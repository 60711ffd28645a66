from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AcceptForm(forms.Form):
    """A reviewer's pick: a location (a candidate or a search result) or only a provider."""

    location = forms.IntegerField(required=False, min_value=1)
    provider = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("location") and not data.get("provider"):
            raise forms.ValidationError(_("Choose a location or a provider."))
        return data
