from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from commonground.register.readers import FORMATS


class WorkforceOverrideForm(forms.Form):
    workforce_override = forms.IntegerField(
        label=_("Workforce (your figure)"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("Leave blank to go back to the estimate."),
    )
    note = forms.CharField(
        label=_("Where the figure comes from"),
        max_length=255,
        required=False,
        help_text=_("e.g. “rota seen at the branch meeting, March 2025”"),
    )


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label=_("Register file"),
        help_text=_(
            "CQC's monthly HSCA Active Locations workbook (.ods or .xlsx) or its CSV, CQC API "
            "JSON/JSONL, or the CQC care directory CSV. "
            "Keep CQC's file name: it carries the date of the extract."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Detect automatically")), *[(f, f) for f in FORMATS]],
    )
    include_all = forms.BooleanField(
        label=_("Keep GPs, dentists and hospitals too"), required=False
    )
    full = forms.BooleanField(
        label=_("This is the whole register (flag locations it no longer lists)"),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > settings.COMMONGROUND_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload
