from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.accounts.models import User
from commonground.lib.query import QueryForm, TextField
from commonground.lib.widgets import DateInput
from commonground.motions.importing import MAX_FILE_BYTES
from commonground.motions.models import Body, CallProgress, CallToAction, Decision, Motion, Update


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the motion page"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "mono"}),
        help_text=_(
            "Copy the whole page, navigation and all: the importer ignores page furniture."
        ),
    )
    file = forms.FileField(
        label=_("…or upload it as a text file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and upload.size and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is too large for a motion page."))
        if not (data.get("text") or "").strip() and upload is None:
            raise forms.ValidationError(_("Paste the motion's text or choose a file."))
        return data


class MotionFilterForm(QueryForm):
    q = TextField(label=_("Search"))
    decision = forms.ChoiceField(
        label=_("Decision"), required=False, choices=[("", _("Any")), *Decision.choices]
    )
    body = forms.ChoiceField(
        label=_("Responsible body"), required=False, choices=[("", _("Any")), *Body.choices]
    )
    progress = forms.ChoiceField(
        label=_("Calls"),
        required=False,
        choices=[("", _("Any")), ("open", _("With calls still open")), *CallProgress.choices],
    )


class MotionForm(forms.ModelForm[Motion]):
    class Meta:
        model = Motion
        fields = ["title", "conference", "date", "decision", "calls_on"]
        widgets = {"date": DateInput}


class UpdateForm(forms.ModelForm[Update]):
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from commonground.library.access import items_visible_to

        self.fields["library_item"].queryset = items_visible_to(user)  # type: ignore[attr-defined]
        from commonground.campaigns.models import Campaign

        campaigns = Campaign.objects.order_by("-starts_on")
        if not user.is_admin:
            campaigns = campaigns.filter(region_id=user.region_id or 0)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]

    class Meta:
        model = Update
        fields = ["status", "note", "evidence_url", "library_item", "campaign"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class ResponsibleForm(forms.ModelForm[CallToAction]):
    class Meta:
        model = CallToAction
        fields = ["responsible_body", "responsible_detail"]
