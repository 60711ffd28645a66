"""Outreach forms: they clean and validate; actions write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from commonground.accounts.models import Branch, User
from commonground.campaigns.models import Event
from commonground.lib.query import IdField, QueryForm, TextField
from commonground.lib.widgets import DateInput, DateTimeInput
from commonground.outreach.models import (
    AssignmentKind,
    AssignmentStatus,
    CallAssignment,
    CallOutcome,
    Channel,
    ConsentSource,
    MailingStatus,
    MessageStatus,
    MessageTemplate,
    Purpose,
    TargetList,
)
from commonground.outreach.sending import MERGE_FIELDS, unknown_fields
from commonground.people.models import ASSESSMENT_CHOICES, MembershipStatus
from commonground.register.models import Council, Location, Provider

CHANNEL_FILTER = [("", _("Anyone")), *Channel.choices]


class TargetListForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), required=False
    )
    council = forms.ModelChoiceField(
        label=_("Council"), queryset=Council.objects.none(), required=False
    )
    provider = forms.ModelChoiceField(
        label=_("Employer"), queryset=Provider.objects.none(), required=False
    )
    workplace = forms.ModelChoiceField(
        label=_("Workplace"), queryset=Location.objects.none(), required=False
    )
    membership = forms.ChoiceField(
        label=_("Membership"),
        choices=[("", _("Any")), *MembershipStatus.choices, ("none", _("No membership record"))],
        required=False,
    )
    assessment = forms.MultipleChoiceField(
        label=_("Assessment"),
        choices=[(str(v), label) for v, label in ASSESSMENT_CHOICES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    follow_up = forms.ChoiceField(
        label=_("Follow-up"),
        choices=[("", _("Any")), ("due", _("Due or overdue")), ("none", _("None planned"))],
        required=False,
    )
    language = forms.CharField(
        label=_("Preferred language"),
        max_length=12,
        required=False,
        help_text=_("A language code, e.g. pl or ro."),
    )
    event = forms.ModelChoiceField(
        label=_("Signed up at event"), queryset=Event.objects.none(), required=False
    )
    issue = forms.CharField(
        label=_("Raised the issue"),
        max_length=60,
        required=False,
        help_text=_("An issue tag from one-to-ones, e.g. pay."),
    )
    reachable = forms.ChoiceField(label=_("Reachable by"), choices=CHANNEL_FILTER, required=False)
    purpose = forms.ChoiceField(
        label=_("For"), choices=Purpose.choices, required=False, initial=Purpose.CAMPAIGNING
    )

    def __init__(
        self,
        *args: Any,
        branches: QuerySet[Branch],
        councils: QuerySet[Council],
        providers: QuerySet[Provider],
        workplaces: QuerySet[Location],
        events: QuerySet[Event],
        region_wide: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, qs in (
            ("branch", branches),
            ("council", councils),
            ("provider", providers),
            ("workplace", workplaces),
            ("event", events),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = qs
            field.empty_label = _("Any")
        branch = self.fields["branch"]
        assert isinstance(branch, forms.ModelChoiceField)
        if region_wide:
            branch.empty_label = _("Every branch of the region")
        else:
            branch.required = True
            branch.empty_label = None

    def filters(self) -> dict[str, Any]:
        """The cleaned filters as the list stores them: ids and codes, no names."""
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for key in ("council", "provider", "workplace", "event"):
            if data.get(key) is not None:
                out[key] = data[key].pk
        for key in ("membership", "follow_up", "reachable"):
            if data.get(key):
                out[key] = data[key]
        if data.get("assessment"):
            out["assessment"] = sorted(int(v) for v in data["assessment"])
        for key in ("language", "issue"):
            if (data.get(key) or "").strip():
                out[key] = data[key].strip().lower()
        if out.get("reachable"):
            out["purpose"] = data.get("purpose") or Purpose.CAMPAIGNING
        return out


class AssignmentForm(forms.ModelForm[CallAssignment]):
    callers = forms.ModelMultipleChoiceField(
        label=_("Callers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each caller is given only people in their own scope."),
    )

    class Meta:
        model = CallAssignment
        fields = [
            "kind",
            "title",
            "target_list",
            "purpose",
            "script",
            "message",
            "show_notes",
            "show_history",
            "allow_assessment",
            "reserve_minutes",
            "retry_hours",
            "max_attempts",
            "status",
        ]
        widgets = {
            "script": forms.Textarea(attrs={"rows": 6}),
            "message": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "message": _(
                "Text banks: the text callers send. Merge fields: {first_name}, {workplace}."
            ),
        }

    def __init__(
        self, *args: Any, lists: QuerySet[TargetList], callers: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target_list"]
        assert isinstance(target, forms.ModelChoiceField)
        target.queryset = lists
        caller_field = self.fields["callers"]
        assert isinstance(caller_field, forms.ModelMultipleChoiceField)
        caller_field.queryset = callers
        if self.instance.pk:
            self.initial["callers"] = list(self.instance.callers.values_list("pk", flat=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("script", "message"):
            bad = unknown_fields(data.get(name) or "")
            if bad:
                self.add_error(name, _("Unknown merge fields: %(f)s") % {"f": ", ".join(bad)})
        if data.get("kind") == AssignmentKind.TEXT and not (data.get("message") or "").strip():
            self.add_error("message", _("A text bank needs the text to send."))
        return data


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CallOutcome.choices)
    call_back_at = forms.DateTimeField(
        label=_("Call back at"),
        required=False,
        widget=DateTimeInput(),
    )
    assessment = forms.TypedChoiceField(
        label=_("Assessment"),
        choices=[("", _("Leave as it is")), *[(str(v), label) for v, label in ASSESSMENT_CHOICES]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    follow_up = forms.DateField(label=_("Follow-up"), required=False, widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TemplateForm(forms.ModelForm[MessageTemplate]):
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), required=False
    )

    class Meta:
        model = MessageTemplate
        fields = ["name", "channel", "purpose", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "body": _("Merge fields: %(fields)s. The unsubscribe footer is added for you.")
            % {"fields": ", ".join("{" + f + "}" for f in MERGE_FIELDS)},
        }

    def __init__(
        self, *args: Any, branches: QuerySet[Branch], region_wide: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        branch = self.fields["branch"]
        assert isinstance(branch, forms.ModelChoiceField)
        branch.queryset = branches
        if region_wide:
            branch.empty_label = _("Every branch of the region")
        else:
            branch.required = True
            branch.empty_label = None
        if self.instance.pk:
            self.initial["branch"] = self.instance.branch_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("subject", "body"):
            bad = unknown_fields(data.get(name) or "")
            if bad:
                self.add_error(name, _("Unknown merge fields: %(f)s") % {"f": ", ".join(bad)})
        if data.get("channel") == Channel.EMAIL and not (data.get("subject") or "").strip():
            self.add_error("subject", _("An email needs a subject."))
        return data


class TranslationForm(forms.Form):
    language = forms.CharField(label=_("Language code"), max_length=12, help_text=_("e.g. pl"))
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("subject", "body"):
            bad = unknown_fields(data.get(name) or "")
            if bad:
                self.add_error(name, _("Unknown merge fields: %(f)s") % {"f": ", ".join(bad)})
        return data


class MailingForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Template"), queryset=MessageTemplate.objects.none())
    target_list = forms.ModelChoiceField(label=_("List"), queryset=TargetList.objects.none())

    def __init__(
        self,
        *args: Any,
        templates: QuerySet[MessageTemplate],
        lists: QuerySet[TargetList],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        template = self.fields["template"]
        assert isinstance(template, forms.ModelChoiceField)
        template.queryset = templates
        target = self.fields["target_list"]
        assert isinstance(target, forms.ModelChoiceField)
        target.queryset = lists


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Leave empty to send now."),
    )


class ConsentForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    granted = forms.TypedChoiceField(
        label=_("Consent"),
        choices=[("1", _("Given")), ("0", _("Withdrawn"))],
        coerce=lambda v: v == "1",
    )
    wording = forms.CharField(
        label=_("Wording"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The exact words they agreed to, or how they withdrew."),
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[
            (v, label)
            for v, label in ConsentSource.choices
            if v in ("conversation", "paper", "manual", "event", "form")
        ],
    )


class SuppressionForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    address = forms.CharField(label=_("Email or phone number"), max_length=254)


# --- query strings (lib.query) ----------------------------------------------------------------


class ListFilterForm(QueryForm):
    q = TextField(label=_("Search"))
    branch = IdField(label=_("Branch"))


class AssignmentFilterForm(QueryForm):
    q = TextField(label=_("Search"))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("all", _("Any")), *AssignmentStatus.choices],
        initial=AssignmentStatus.OPEN,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any")), *AssignmentKind.choices])


class ChannelFilterForm(QueryForm):
    q = TextField(label=_("Search"))
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("Any")), *Channel.choices])


class MailingFilterForm(ChannelFilterForm):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any")), *MailingStatus.choices])


class MessageFilterForm(QueryForm):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any")), *MessageStatus.choices])


class ChosenListForm(QueryForm):
    """``?list=`` on a new phone bank or send: the list to start from."""

    list = IdField(label=_("List"))


class SamplePersonForm(QueryForm):
    """``?person=`` on a send's preview: whose message to show."""

    person = IdField(label=_("Person"))
