from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.accounts.models import User
from commonground.alliances.access import branches_writable_by, partners_visible_to
from commonground.alliances.models import (
    Affiliation,
    Contact,
    Direction,
    IssueTag,
    JointAction,
    LedgerEntry,
    Partner,
    PartnerType,
    SupportKind,
)
from commonground.lib.query import BoundedModelChoiceField, IdField, QueryForm, TextField
from commonground.lib.widgets import DateInput


class PartnerFilterForm(QueryForm):
    q = TextField(label=_("Search"))
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any")), *PartnerType.choices]
    )
    issue = BoundedModelChoiceField(
        label=_("Shared issue"),
        required=False,
        queryset=IssueTag.objects.all(),
        to_field_name="slug",
        empty_label=_("Any"),
    )


class ActionFilterForm(QueryForm):
    q = TextField(label=_("Search"))
    partner = IdField(label=_("Partner"))


class LedgerFilterForm(QueryForm):
    partner = IdField(label=_("Partner"))
    direction = forms.ChoiceField(
        label=_("Direction"), choices=[("", _("Both")), *Direction.choices]
    )
    kind = forms.ChoiceField(label=_("Support"), choices=[("", _("Any")), *SupportKind.choices])


class MatrixFilterForm(QueryForm):
    kind = forms.ChoiceField(
        label=_("Partner type"),
        choices=[("all", _("Any")), *PartnerType.choices],
        initial=PartnerType.BROAD_BASED,
    )
    affiliated = forms.BooleanField(label=_("Only branches with an affiliation"))


class NetworkFilterForm(QueryForm):
    kind = forms.ChoiceField(
        label=_("Partner type"), choices=[("", _("Any")), *PartnerType.choices]
    )


class PrefillForm(QueryForm):
    """Links that open a form with a partner, branch or joint action already chosen."""

    partner = IdField()
    branch = IdField()
    joint_action = IdField()

    def initial_values(self) -> dict[str, Any]:
        return {name: value for name, value in self.values.items() if value}


class PartnerForm(forms.ModelForm[Partner]):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = ["name", "kind", "description", "website", "issues"]
        widgets = {"issues": forms.CheckboxSelectMultiple}


class ContactForm(forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = ["name", "public_role", "email", "phone"]
        help_texts = {"name": _("Only as they are named publicly in that role.")}


class AffiliationForm(forms.ModelForm[Affiliation]):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches_writable_by(user)  # type: ignore[attr-defined]
        self.fields["partner"].queryset = partners_visible_to(user)  # type: ignore[attr-defined]

    class Meta:
        model = Affiliation
        fields = ["partner", "branch", "status", "started", "ended", "annual_fee", "notes"]
        widgets = {
            "started": DateInput,
            "ended": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("started"), data.get("ended")
        if started and ended and ended < started:
            self.add_error("ended", _("An affiliation cannot end before it starts."))
        return data


class JointActionForm(forms.ModelForm[JointAction]):
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"), queryset=Partner.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners_visible_to(user)  # type: ignore[attr-defined]
        self.fields["branches"].queryset = branches_writable_by(user)  # type: ignore[attr-defined]
        # The campaign events of the user's region, from the model's own choice field (the
        # alliances app does not import campaigns, which builds on people, which points at
        # partners).
        event_field: forms.ModelChoiceField[Any] = self.fields["event"]  # type: ignore[assignment]
        assert event_field.queryset is not None
        events = event_field.queryset.select_related("campaign").order_by("-starts_at")
        if not user.is_admin:
            events = events.filter(campaign__region_id=user.region_id or 0)
        event_field.queryset = events
        if self.instance.pk:
            self.fields["partners"].initial = list(self.instance.partners.all())

    class Meta:
        model = JointAction
        fields = [
            "title",
            "date",
            "partners",
            "branches",
            "issues",
            "event",
            "description",
            "turnout",
            "recruits_reported",
        ]
        widgets = {
            "date": DateInput,
            "issues": forms.CheckboxSelectMultiple,
            "branches": forms.SelectMultiple(attrs={"size": 6}),
        }


class LedgerEntryForm(forms.ModelForm[LedgerEntry]):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = partners_visible_to(user)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["branch"].queryset = branches_writable_by(user)  # type: ignore[attr-defined]
        self.fields["joint_action"].queryset = JointAction.objects.filter(  # type: ignore[attr-defined]
            partners__in=partners
        ).distinct()

    class Meta:
        model = LedgerEntry
        fields = [
            "partner",
            "direction",
            "kind",
            "quantity",
            "unit",
            "date",
            "branch",
            "joint_action",
            "description",
        ]
        widgets = {"date": DateInput}
