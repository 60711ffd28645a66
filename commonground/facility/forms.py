from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonground.accounts.models import User
from commonground.facility.access import (
    activists_recordable_by,
    branches_recordable_by,
    employers_visible_to,
)
from commonground.facility.models import (
    Category,
    Employer,
    EntryStatus,
    OfficialTerms,
    PeriodInput,
    TimeEntry,
)
from commonground.lib.query import BoundedModelChoiceField, QueryForm, TextField
from commonground.lib.widgets import DateInput


def _person_label(user: User) -> str:
    return user.get_full_name() or user.username


class EntryForm(forms.ModelForm[TimeEntry]):
    """An entry of facility time. A branch secretary (or a regional organiser, an admin) also
    chooses whose time it is: theirs, or a rep's of a branch they approve."""

    activist = forms.ModelChoiceField(
        label=_("Whose time"), queryset=User.objects.none(), required=True
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        branches = branches_recordable_by(user)
        self.fields["branch"].queryset = branches  # type: ignore[attr-defined]
        self.fields["employer"].queryset = employers_visible_to(user)  # type: ignore[attr-defined]
        if len(branches) == 1 and not self.instance.pk:
            self.initial["branch"] = branches[0].pk
        if not self.instance.pk and not self.initial.get("date"):  # mostly recorded on the day
            self.initial["date"] = timezone.localdate()
        activists = activists_recordable_by(user)
        if self.instance.pk or activists.count() < 2:
            del self.fields["activist"]  # one's own time only (corrections are one's own)
        else:
            field = self.fields["activist"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = activists
            field.label_from_instance = _person_label  # type: ignore[method-assign,assignment]
            self.initial.setdefault("activist", user.pk)
            self.order_fields(["activist"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        activist, branch = data.get("activist"), data.get("branch")
        if activist is None or branch is None or activist.pk == self.user.pk:
            return data
        if not activist.branches.filter(pk=branch.pk).exists():
            self.add_error(
                "branch",
                _("%(name)s is not in this branch: choose their branch.")
                % {"name": activist.get_full_name() or activist.username},
            )
        return data

    class Meta:
        model = TimeEntry
        fields = ["date", "hours", "category", "paid", "employer", "branch", "description"]
        widgets = {
            "date": DateInput,
            "hours": forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "max": "24"}),
        }

    def clean_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["date"]
        if date > timezone.localdate() + dt.timedelta(days=1):
            raise forms.ValidationError(_("Facility time is recorded after it is taken."))
        return date

    def clean_hours(self) -> Decimal:
        hours: Decimal = self.cleaned_data["hours"]
        if hours <= 0 or hours > 24:
            raise forms.ValidationError(_("Between a quarter of an hour and 24 hours."))
        return hours


class EntryFilterForm(QueryForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *EntryStatus.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("Any")), *Category.choices]
    )
    employer = BoundedModelChoiceField(
        label=_("Employer"), required=False, queryset=Employer.objects.none(), empty_label=_("Any")
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)
    q = TextField(label=_("Activist or description"), max_length=100)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers_visible_to(user)  # type: ignore[attr-defined]


GROUPS = [
    ("branch", _("Branch")),
    ("activist", _("Activist")),
    ("employer", _("Employer")),
    ("month", _("Month")),
]


class ReportForm(EntryFilterForm):
    group = forms.ChoiceField(label=_("Group by"), choices=GROUPS, required=False, initial="branch")


class EmployerFilterForm(QueryForm):
    q = TextField(label=_("Search"), max_length=100)


class EmployerForm(forms.ModelForm[Employer]):
    class Meta:
        model = Employer
        fields = ["name", "council", "is_public_sector", "weekly_hours", "working_weeks"]


class PeriodForm(forms.ModelForm[PeriodInput]):
    class Meta:
        model = PeriodInput
        fields = ["start", "end", "total_pay_bill"]
        widgets = {"start": DateInput, "end": DateInput}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period must end after it starts."))
        return data


class TermsForm(forms.ModelForm[OfficialTerms]):
    def __init__(self, *args: Any, activists: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activist"].queryset = activists  # type: ignore[attr-defined]
        self.fields["activist"].label = _("Official")

    class Meta:
        model = OfficialTerms
        fields = ["activist", "contracted_hours_per_week", "hourly_rate"]
