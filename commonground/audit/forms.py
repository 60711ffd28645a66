"""The audit list's query string (``lib.query``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.lib.query import QueryForm, TextField


class AuditFilterForm(QueryForm):
    actor = TextField(label=_("Actor"), max_length=150)
    action = TextField(label=_("Action"), max_length=100)
    subject = TextField(label=_("Subject"), max_length=255)

    def filters(self) -> dict[str, object]:
        """The keyword arguments of ``access.filter_entries``."""
        values = self.values
        return {
            "actor": values["actor"],
            "action": values["action"],
            "subject": values["subject"],
            "date_from": values["from"],
            "date_to": values["to"],
        }


# The page's parameters are ``from`` and ``to``; ``from`` is a Python keyword.
AuditFilterForm.base_fields["from"] = forms.DateField(label=_("From"), required=False)
AuditFilterForm.base_fields["to"] = forms.DateField(label=_("To"), required=False)
