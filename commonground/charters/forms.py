"""Forms for charter work: they clean and validate, the actions write."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.accounts.models import Branch
from commonground.charters.models import (
    Charter,
    Commitment,
    Compliance,
    LetterTemplate,
    Status,
    Target,
    TargetKind,
)
from commonground.lib.query import BoundedModelChoiceField, CodeField, QueryForm, TextField
from commonground.lib.widgets import DateInput
from commonground.register.models import CombinedAuthority, Council, Provider
from commonground.register.widgets import ProviderPicker


class CharterTargetFilterForm(QueryForm):
    q = TextField(label=_("Search"))
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *TargetKind.choices]
    )
    charter = BoundedModelChoiceField(
        label=_("Charter"),
        queryset=Charter.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Any charter"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )


class ScoreboardFilterForm(QueryForm):
    """The scoreboard's and the charter map's query string."""

    charter = CodeField(label=_("Charter"))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *TargetKind.choices])
    q = TextField(label=_("Search"))


class TargetForm(forms.ModelForm[Target]):
    class Meta:
        model = Target
        fields = [
            "kind",
            "name",
            "council",
            "combined_authority",
            "provider",
            "branch",
            "office",
            "contact_name",
            "contact_address",
            "contact_email",
            "standing_for",
            "election_date",
        ]
        widgets = {"election_date": DateInput, "contact_address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, region: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        council_field = self.fields["council"]
        ca_field = self.fields["combined_authority"]
        provider_field = self.fields["provider"]
        branch_field = self.fields["branch"]
        assert isinstance(council_field, forms.ModelChoiceField)
        assert isinstance(ca_field, forms.ModelChoiceField)
        assert isinstance(provider_field, forms.ModelChoiceField)
        assert isinstance(branch_field, forms.ModelChoiceField)
        councils: QuerySet[Council] = Council.objects.filter(active=True).exclude(kind="district")
        if region is not None:
            councils = councils.filter(region=region)
            branch_field.queryset = Branch.objects.filter(region=region)
            ca_field.queryset = CombinedAuthority.objects.filter(region=region)
        council_field.queryset = councils
        # Providers number thousands: the picker lists the chosen one and finds others by
        # name as you type (register.widgets); a CQC provider id works too.
        providers = Provider.objects.all()
        if region is not None:
            providers = providers.filter(locations__council__region=region).distinct()
        provider_field.queryset = providers
        provider_field.required = False
        provider_field.widget = ProviderPicker(multiple=False)
        provider_field.help_text = _("Type part of the provider's name, then choose it.")
        self.fields["provider_cqc_id"] = forms.CharField(
            label=_("or its CQC provider id"),
            required=False,
            help_text=_("e.g. 1-101641570"),
        )
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Leave empty to use the council's or provider's name.")
        self.order_fields(
            ["kind", "name", "council", "combined_authority", "provider", "provider_cqc_id"]
        )

    # Which fields each kind of target uses: the others are hidden (site.js) and ignored.
    FIELDS_FOR_KIND: ClassVar[dict[str, list[str]]] = {
        TargetKind.COUNCIL: [
            "council",
            "office",
            "contact_name",
            "contact_address",
            "contact_email",
        ],
        TargetKind.MAYOR: [
            "combined_authority",
            "office",
            "contact_name",
            "contact_address",
            "contact_email",
        ],
        TargetKind.CANDIDATE: ["standing_for", "election_date", "combined_authority", "council"],
        TargetKind.PROVIDER: [
            "provider",
            "provider_cqc_id",
            "office",
            "contact_name",
            "contact_address",
            "contact_email",
        ],
    }

    def fields_for_kind(self) -> dict[str, list[str]]:
        return {str(k): v for k, v in self.FIELDS_FOR_KIND.items()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        used = set(self.FIELDS_FOR_KIND.get(kind or "", []))
        for name in {f for names in self.FIELDS_FOR_KIND.values() for f in names} - used:
            # Hidden for this kind: whatever the browser still sent is dropped.
            data[name] = None if isinstance(self.fields[name], forms.ModelChoiceField) else ""
            if name == "election_date":
                data[name] = None
        cqc_id = (data.get("provider_cqc_id") or "").strip()
        if cqc_id:
            provider = Provider.objects.filter(cqc_id=cqc_id).first()
            if provider is None:
                self.add_error("provider_cqc_id", _("No provider with that CQC id."))
            else:
                data["provider"] = provider
                self.instance.provider = provider
        if not data.get("name"):
            place = data.get("council") or data.get("combined_authority") or data.get("provider")
            if place is None:
                self.add_error("name", _("Give the target's name."))
            else:
                data["name"] = str(place)
        if kind == TargetKind.COUNCIL and not data.get("council"):
            self.add_error("council", _("Choose the council."))
        if kind == TargetKind.MAYOR and not data.get("combined_authority"):
            self.add_error("combined_authority", _("Choose the combined authority."))
        if kind == TargetKind.PROVIDER and not data.get("provider"):
            self.add_error("provider_cqc_id", _("Give the provider's CQC id."))
        if kind == TargetKind.CANDIDATE and not data.get("standing_for"):
            self.add_error("standing_for", _("Say what the candidate is standing for."))
        if (
            kind == TargetKind.COUNCIL
            and data.get("council")
            and Target.objects.filter(kind=TargetKind.COUNCIL, council=data["council"])
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("council", _("That council is already a target."))
        return data


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What happened, e.g. who we met. No members' personal details."),
    )

    def clean_on(self) -> Any:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return on


class LetterForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Template"), queryset=LetterTemplate.objects.none())
    signatory = forms.CharField(
        label=_("Signed by"), max_length=200, help_text=_("Name and role, e.g. Branch secretary.")
    )
    branch = forms.ModelChoiceField(
        label=_("From branch"), queryset=Branch.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        templates: QuerySet[LetterTemplate],
        branches: QuerySet[Branch],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        template_field = self.fields["template"]
        branch_field = self.fields["branch"]
        assert isinstance(template_field, forms.ModelChoiceField)
        assert isinstance(branch_field, forms.ModelChoiceField)
        template_field.queryset = templates
        branch_field.queryset = branches
        if templates.count() == 1:
            template_field.initial = templates.first()


class LetterSentForm(forms.Form):
    on = forms.DateField(label=_("Sent on"), widget=DateInput, initial=timezone.localdate)


class ComplianceForm(forms.Form):
    commitment = forms.ModelChoiceField(label=_("Commitment"), queryset=Commitment.objects.none())
    state = forms.ChoiceField(label=_("Compliance"), choices=Compliance.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("e.g. the signed contract clause or a council minute (PDF, image, document)."),
    )

    ALLOWED_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".doc", ".docx", ".odt", ".txt", ".csv")
    MAX_BYTES = 20 * 1024 * 1024

    def __init__(self, *args: Any, charter: Charter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commitment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = charter.commitments.filter(is_placeholder=False)
        field.label_from_instance = _commitment_label  # type: ignore[method-assign,assignment]

    def clean_file(self) -> Any:
        f = self.cleaned_data.get("file")
        if f is None:
            return None
        name = (f.name or "").lower()
        if not name.endswith(self.ALLOWED_EXTENSIONS):
            raise forms.ValidationError(_("Upload a PDF, image, document, text or CSV file."))
        if f.size and f.size > min(self.MAX_BYTES, settings.COMMONGROUND_MAX_UPLOAD_BYTES):
            raise forms.ValidationError(_("That file is too large (20 MB at most)."))
        return f

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("note") or data.get("url") or data.get("file")):
            raise forms.ValidationError(_("Give some evidence: a file, a link or a note."))
        return data


def _commitment_label(commitment: Commitment) -> str:
    return f"{commitment.number}. {commitment.text[:90]}"


class PledgeOutcomeForm(forms.Form):
    CHOICES = [("", _("Not known yet")), ("yes", _("Yes")), ("no", _("No"))]
    elected = forms.ChoiceField(label=_("Elected?"), choices=CHOICES, required=False)
    honoured = forms.ChoiceField(label=_("Pledge honoured?"), choices=CHOICES, required=False)

    def __init__(self, *args: Any, target: Target, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target

    @staticmethod
    def to_bool(value: str) -> bool | None:
        return {"yes": True, "no": False}.get(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problem = self.target.pledge_outcome_problem(
            self.to_bool(data.get("elected", "")),
            self.to_bool(data.get("honoured", "")),
            timezone.localdate(),
        )
        if problem:
            raise forms.ValidationError(problem)
        return data


class CommitmentForm(forms.ModelForm[Commitment]):
    class Meta:
        model = Commitment
        fields = ["number", "stage", "applies_to", "text", "wording_unverified", "is_placeholder"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class CharterForm(forms.ModelForm[Charter]):
    class Meta:
        model = Charter
        fields = ["name", "short_name", "origin", "summary", "is_complete", "completeness_note"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "completeness_note": forms.Textarea(attrs={"rows": 2}),
        }
