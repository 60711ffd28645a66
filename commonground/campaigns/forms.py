"""Forms for campaigns: they clean and validate, the actions write."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.accounts.models import Branch, User
from commonground.campaigns.actions import HELD_TOO_EARLY
from commonground.campaigns.models import (
    DEFAULT_CONSENT_WORDING,
    Campaign,
    Event,
    EventKind,
    EventStatus,
    Goal,
    Metric,
    SignupLawfulBasis,
)
from commonground.charters.models import Charter
from commonground.lib.query import BoundedModelChoiceField, CodeField, QueryForm, TextField
from commonground.lib.widgets import DateInput, DateTimeInput
from commonground.register.models import Council, Location
from commonground.register.widgets import RegisterPicker


class CampaignFilterForm(QueryForm):
    STATES = [
        ("", _("All")),
        ("active", _("Active")),
        ("upcoming", _("Upcoming")),
        ("past", _("Past")),
    ]
    q = TextField(label=_("Search"))
    state = forms.ChoiceField(label=_("When"), choices=STATES, required=False)
    branch = BoundedModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), required=False, empty_label=_("Any")
    )

    def __init__(self, *args: Any, branches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["branch"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = branches


class CampaignForm(forms.ModelForm[Campaign]):
    class Meta:
        model = Campaign
        fields = ["name", "aims", "starts_on", "ends_on", "branches", "charters", "partners"]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "aims": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "branches": forms.CheckboxSelectMultiple,
            "charters": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, branches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["branches"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = branches
        charter_field = self.fields["charters"]
        assert isinstance(charter_field, forms.ModelMultipleChoiceField)
        charter_field.queryset = Charter.objects.all()
        self.fields["partners"].label = _("Other partners")
        self.fields["partners"].help_text = _(
            "Partners not recorded in Alliances, one per line. Partners from Alliances are "
            "added on the campaign's page."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end is before the start."))
        return data


class GoalForm(forms.ModelForm[Goal]):
    workplaces = forms.ModelMultipleChoiceField(
        label=_("Target workplaces"),
        queryset=Location.objects.none(),
        to_field_name="cqc_id",
        required=False,
        widget=RegisterPicker,
        help_text=_("Type part of a name or a postcode, then tick the workplaces."),
    )

    # Which fields each measure uses: the others are hidden (site.js) and ignored.
    FIELDS_FOR_METRIC: ClassVar[dict[str, list[str]]] = {
        Metric.MEMBERS_RECRUITED: ["branches"],
        Metric.DENSITY: ["workplaces"],
        Metric.COUNCILS_SIGNED: ["councils", "charter"],
        Metric.EVENTS_HELD: ["event_kind"],
        Metric.ATTENDANCE: ["event_kind"],
    }

    class Meta:
        model = Goal
        fields = [
            "metric",
            "label",
            "target_value",
            "period_start",
            "period_end",
            "branches",
            "councils",
            "charter",
            "event_kind",
        ]
        widgets = {
            "period_start": DateInput,
            "period_end": DateInput,
            "branches": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        branches = self.fields["branches"]
        councils = self.fields["councils"]
        assert isinstance(branches, forms.ModelMultipleChoiceField)
        assert isinstance(councils, forms.ModelMultipleChoiceField)
        branches.queryset = campaign.branches.all()
        branches.help_text = _("Members recruited: empty = the campaign's branches.")
        councils.queryset = Council.objects.filter(
            region_id=campaign.region_id, active=True
        ).exclude(kind="district")
        councils.help_text = _("Councils signed: empty = every council in the region.")
        councils.widget.attrs["size"] = 6
        workplaces = self.fields["workplaces"]
        assert isinstance(workplaces, forms.ModelMultipleChoiceField)
        workplaces.queryset = Location.objects.filter(
            council__region_id=campaign.region_id, is_social_care=True
        )

    def fields_for_metric(self) -> dict[str, list[str]]:
        return {str(k): v for k, v in self.FIELDS_FOR_METRIC.items()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        metric = data.get("metric")
        used = self.FIELDS_FOR_METRIC.get(metric or "", [])
        for name in {f for names in self.FIELDS_FOR_METRIC.values() for f in names} - set(used):
            # Hidden for this measure: whatever the browser still sent is dropped.
            field = self.fields[name]
            if isinstance(field, forms.ModelMultipleChoiceField):
                data[name] = []
            elif isinstance(field, forms.ModelChoiceField):
                data[name] = None
            else:
                data[name] = ""
        if metric == Metric.DENSITY and not data.get("workplaces"):
            self.add_error("workplaces", _("Choose the target workplaces."))
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end is before the start."))
        return data


class EventFilterForm(QueryForm):
    WHEN = [("", _("Any time")), ("upcoming", _("Upcoming")), ("past", _("Past"))]
    q = TextField(label=_("Search"))
    campaign = BoundedModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Any"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any")), *EventKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *EventStatus.choices], required=False
    )
    when = forms.ChoiceField(label=_("When"), choices=WHEN, required=False)

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["campaign"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = campaigns


class MonthForm(QueryForm):
    """``?month=YYYY-MM`` for the calendar (1900 to 2100: a month either side stays a date)."""

    month = forms.RegexField(r"^\d{4}-\d{2}$", label=_("Month"), max_length=7)

    def clean_month(self) -> datetime.date | None:
        raw = self.cleaned_data.get("month") or ""
        if not raw:
            return None
        year, month = (int(part) for part in raw.split("-"))
        if not (1900 <= year <= 2100 and 1 <= month <= 12):
            raise forms.ValidationError(_("Not a month between 1900 and 2100."))
        return datetime.date(year, month, 1)


class CampaignChoiceForm(QueryForm):
    """``?campaign=<slug>``: the campaign a new event belongs to."""

    campaign = CodeField(label=_("Campaign"), max_length=120)


class EventForm(forms.ModelForm[Event]):
    class Meta:
        model = Event
        fields = [
            "campaign",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "council",
            "branch",
            "organisers",
            "partners",
            "status",
            "headcount",
            "outcomes",
            "media_links",
        ]
        widgets = {
            "starts_at": DateTimeInput,
            "ends_at": DateTimeInput,
            "partners": forms.Textarea(attrs={"rows": 2}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            "media_links": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self, *args: Any, campaigns: Any, branches: Any, organisers: Any, region: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, qs in (
            ("campaign", campaigns),
            ("branch", branches),
            ("organisers", organisers),
            (
                "council",
                Council.objects.filter(region=region, active=True).exclude(kind="district"),
            ),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = qs
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]
        self.fields["ends_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]

    def clean_media_links(self) -> str:
        text: str = self.cleaned_data.get("media_links") or ""
        validator = forms.URLField(assume_scheme="https")
        for line in text.splitlines():
            if line.strip():
                validator.clean(line.strip())
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("ends_at") and data.get("starts_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The end is before the start."))
        if (
            data.get("status") == EventStatus.HELD
            and data.get("starts_at")
            and data["starts_at"] > timezone.now()
        ):
            self.add_error("status", HELD_TOO_EARLY)
        return data


class SignupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    workplace = forms.CharField(
        label=_("Workplace"),
        max_length=255,
        required=False,
        help_text=_("As they say it, e.g. Hollins Park or a postcode."),
    )
    lawful_basis = forms.ChoiceField(
        label=_("Lawful basis"),
        choices=SignupLawfulBasis.choices,
        initial=SignupLawfulBasis.CONSENT,
    )
    consent_wording = forms.CharField(
        label=_("Consent wording shown to them"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=DEFAULT_CONSENT_WORDING,
    )
    consent = forms.BooleanField(
        label=_("They read this wording and agreed to it"),
        required=True,
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=Branch.objects.none(),
        help_text=_("The branch this person belongs with: its organisers follow them up."),
    )

    def __init__(self, *args: Any, branches: QuerySet[Branch], **kwargs: Any) -> None:
        """``branches``: those the sign-up may belong to; a choice only when several."""
        super().__init__(*args, **kwargs)
        if len(branches) > 1:
            self.fields["branch"].queryset = branches  # type: ignore[attr-defined]
        else:
            del self.fields["branch"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("email") or data.get("phone")):
            raise forms.ValidationError(_("Give an email address or a phone number."))
        return data


def organisers_for(region_id: int | None) -> Any:
    if region_id is None:
        return User.objects.none()
    return User.objects.filter(region_id=region_id, is_active=True).exclude(role="viewer")
