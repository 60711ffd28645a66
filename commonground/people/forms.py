"""Forms only clean and validate; actions do the writing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from commonground.accounts.models import Branch
from commonground.lib.postcodes import normalise_postcode
from commonground.lib.query import BoundedModelChoiceField, IdField, QueryForm, TextField
from commonground.lib.widgets import DateInput
from commonground.people.mapping import FIELDS
from commonground.people.models import (
    ASSESSMENT_CHOICES,
    EmploymentType,
    LawfulBasis,
    MembershipStatus,
    Outcome,
    Person,
    RoleKind,
)
from commonground.people.parsing import InvalidValue, normalise_email, normalise_phone
from commonground.people.subject_access import FORMATS
from commonground.register.models import Location


class PersonForm(forms.ModelForm[Person]):
    languages_text = forms.CharField(
        label=_("Preferred languages"),
        required=False,
        help_text=_("Separate with commas, e.g. English, Polish."),
    )

    class Meta:
        model = Person
        fields = [
            "full_name",
            "phone",
            "email",
            "postcode",
            "job_title",
            "employer_text",
            "workplace_text",
            "location",
            "preferred_language",
            "shift",
            "unit",
            "employment_type",
            "immigration_details",
            "lawful_basis",
            "consent_date",
            "consent_wording",
            "recruited_via",
        ]
        widgets = {
            "consent_date": DateInput,
            "immigration_details": forms.Textarea(attrs={"rows": 2}),
            "consent_wording": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: Any,
        locations: Any = None,
        partners: Any = None,
        sensitive: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if partners is None or not partners.exists():
            del self.fields["recruited_via"]  # no partners this user may see: nothing to pick
        else:
            partner_field = self.fields["recruited_via"]
            assert isinstance(partner_field, forms.ModelChoiceField)
            partner_field.queryset = partners
            partner_field.required = False
            partner_field.help_text = _("The community partner whose event or contact led to them.")
        self.fields["full_name"].required = True
        location_field = self.fields["location"]
        assert isinstance(location_field, forms.ModelChoiceField)
        location_field.queryset = locations if locations is not None else Location.objects.none()
        location_field.required = False
        if not sensitive:
            del self.fields["employment_type"]
            del self.fields["immigration_details"]
        self.fields["preferred_language"] = forms.ChoiceField(
            label=_("Language for messages"),
            choices=[("", _("English (default)")), *settings.LANGUAGES[1:]],
            required=False,
            help_text=_("Emails and texts go out in this language where a translation exists."),
        )
        if self.instance.pk and self.instance.languages:
            self.fields["languages_text"].initial = ", ".join(self.instance.languages)

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data.get("phone") or "")
        except InvalidValue as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_email(self) -> str:
        try:
            return normalise_email(self.cleaned_data.get("email") or "")
        except InvalidValue as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()
        if not value:
            return ""
        normal = normalise_postcode(value)
        if normal is None:
            raise forms.ValidationError(_("Not a UK postcode."))
        return normal

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("lawful_basis") == LawfulBasis.CONSENT and not (
            data.get("consent_date") and data.get("consent_wording")
        ):
            raise forms.ValidationError(
                _("Consent needs the date it was given and the wording the person agreed to.")
            )
        return data

    def changes(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        text = self.cleaned_data.get("languages_text") or ""
        data["languages"] = [p.strip() for p in text.split(",") if p.strip()]
        return data


class AddPersonForm(PersonForm):
    branch = forms.ModelChoiceField(queryset=Branch.objects.none(), label=_("Branch"))

    def __init__(self, *args: Any, branches: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        branch_field = self.fields["branch"]
        assert isinstance(branch_field, forms.ModelChoiceField)
        branch_field.queryset = branches if branches is not None else Branch.objects.none()
        if branches is not None and len(branches) == 1:
            branch_field.initial = branches[0]


class AssessmentForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("Assessment"), choices=ASSESSMENT_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ConversationForm(forms.Form):
    """The one-to-one: assessment, conversation and follow-up, saved together.

    ``person`` (when given) adds the choice of closing the follow-up already open, ticked
    when it is due; the assessment radios start at the person's current assessment, and an
    unchanged assessment records nothing.
    """

    assessment = forms.TypedChoiceField(
        label=_("Assessment"),
        choices=ASSESSMENT_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )
    issues = forms.CharField(
        label=_("Issues raised"),
        required=False,
        help_text=_("Comma-separated, e.g. pay, rotas, PPE."),
        max_length=500,
    )
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=255)
    follow_up = forms.DateField(label=_("Follow up on"), required=False, widget=DateInput)
    close_follow_up = forms.BooleanField(required=False)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Encrypted; never exported."),
    )

    def __init__(self, *args: Any, person: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        today = timezone.localdate()
        self.fields["follow_up"].widget.attrs["min"] = today.isoformat()
        due = person.follow_up_due if person is not None else None
        if due is None:
            del self.fields["close_follow_up"]
        else:
            field = self.fields["close_follow_up"]
            field.label = _("This was the follow-up due on %(date)s: mark it done") % {
                "date": date_format(due, "j M Y")
            }
            field.initial = due <= today
        if person is not None:
            self.fields["assessment"].initial = person.assessment

    def clean_follow_up(self) -> date | None:
        value: date | None = self.cleaned_data.get("follow_up")
        today = timezone.localdate()
        if value is not None and value < today:
            raise forms.ValidationError(
                _("A follow-up date cannot be in the past (today is %(today)s).")
                % {"today": date_format(today, "j M Y")}
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        current = self.person.assessment if self.person is not None else None
        changed = data.get("assessment") is not None and data.get("assessment") != current
        said = any(data.get(k) for k in ("outcome", "issues", "next_step", "follow_up", "notes"))
        if not (changed or said or data.get("close_follow_up")):
            raise forms.ValidationError(
                _(
                    "Nothing to save: write what was said (an outcome, issues, a next step or "
                    "notes), set a follow-up or change the assessment."
                )
            )
        return data

    def issue_list(self) -> list[str]:
        return [i.strip() for i in self.cleaned_data.get("issues", "").split(",") if i.strip()]


WALL_GROUPS = ("role", "unit", "shift")


class WallForm(QueryForm):
    group = forms.ChoiceField(
        label=_("Group by"), choices=[(g, g) for g in WALL_GROUPS], initial="role"
    )


class ContactListForm(QueryForm):
    """The outreach contact list's narrowing: ``?branch=<id>&workplace=<location id>``."""

    branch = IdField()
    workplace = IdField()


class SubjectAccessForm(QueryForm):
    format = forms.ChoiceField(choices=[(f, f.upper()) for f in FORMATS], initial="html")


class PrefillWorkplaceForm(QueryForm):
    """``?workplace=<location id>``: the add-person form opened from a wall chart."""

    workplace = IdField()


class MappingProfileForm(QueryForm):
    """``?profile=<id>``: the saved column mapping to start an import's mapping from."""

    profile = IdField()


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices)
    active = forms.BooleanField(required=False, initial=True)


class PersonFilterForm(QueryForm):
    q = TextField(label=_("Search"))
    branch = BoundedModelChoiceField(queryset=Branch.objects.none(), required=False)
    workplace = BoundedModelChoiceField(
        label=_("Workplace"), queryset=Location.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Membership"),
        choices=[("", _("Any")), *MembershipStatus.choices, ("none", _("No membership record"))],
        required=False,
    )
    assessment = forms.ChoiceField(
        label=_("Assessment"),
        choices=[("", _("Any")), *[(str(v), label) for v, label in ASSESSMENT_CHOICES]],
        required=False,
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Any")), *RoleKind.choices], required=False
    )
    lawful_basis = forms.ChoiceField(
        label=_("Lawful basis"),
        choices=[
            ("", _("Any")),
            *[(v or "none", label) for v, label in LawfulBasis.choices],
        ],
        required=False,
    )
    follow_up = forms.ChoiceField(
        label=_("Follow-up"),
        choices=[("", _("Any")), ("due", _("Due or overdue")), ("any", _("Has a follow-up"))],
        required=False,
    )
    employment_type = forms.ChoiceField(
        label=_("Employment"), choices=[("", _("Any")), *EmploymentType.choices], required=False
    )

    def __init__(
        self,
        *args: Any,
        branches: Any = None,
        workplaces: Any = None,
        sensitive: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        branch_field = self.fields["branch"]
        assert isinstance(branch_field, forms.ModelChoiceField)
        branch_field.queryset = branches if branches is not None else Branch.objects.none()
        branch_field.empty_label = _("Any")
        workplace_field = self.fields["workplace"]
        assert isinstance(workplace_field, forms.ModelChoiceField)
        workplace_field.queryset = workplaces if workplaces is not None else Location.objects.none()
        workplace_field.empty_label = _("Any")
        if not sensitive:
            del self.fields["employment_type"]


# --- import ----------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Membership or contact list"),
        help_text=_(
            "CSV (any delimiter, UTF-8 or Windows-1252) or XLSX, as the system exports it."
        ),
    )
    branch = forms.ModelChoiceField(queryset=Branch.objects.none(), label=_("Import into branch"))

    def __init__(self, *args: Any, branches: Any = None, max_bytes: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        branch_field = self.fields["branch"]
        assert isinstance(branch_field, forms.ModelChoiceField)
        branch_field.queryset = branches if branches is not None else Branch.objects.none()
        if branches is not None and len(branches) == 1:
            branch_field.initial = branches[0]
        self.max_bytes = max_bytes

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if self.max_bytes and upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("The file is larger than the limit of %(mb)d MB.")
                % {"mb": self.max_bytes // (1024 * 1024)}
            )
        return upload


FIELD_LABELS: dict[str, Any] = {
    "membership_number": _("Membership number"),
    "external_id": _("External id"),
    "first_name": _("First name"),
    "last_name": _("Surname"),
    "full_name": _("Full name"),
    "email": _("Email"),
    "phone": _("Phone / mobile"),
    "postcode": _("Home postcode"),
    "workplace": _("Workplace"),
    "employer": _("Employer"),
    "job_title": _("Job title"),
    "status": _("Membership status"),
    "joined": _("Join date"),
    "lapsed": _("Lapse date"),
    "languages": _("Languages"),
    "employment_type": _("Employment type"),
    "branch": _("Branch (ignored: you choose the branch)"),
}


class MappingForm(forms.Form):
    """One select per importable field; options are the file's headers."""

    key = forms.ChoiceField(
        label=_("Records are identified by"),
        choices=[
            ("membership_number", _("Membership number")),
            ("external_id", _("External id")),
        ],
    )
    full_extract = forms.BooleanField(
        label=_("This file is the full extract of the branch's members"),
        required=False,
        help_text=_("Members missing from it are proposed as lapsed."),
    )
    confirm_lapsed = forms.BooleanField(
        label=_("Mark the missing members as lapsed"),
        required=False,
        help_text=_("Only with a full extract. Leave unticked to see the count first."),
    )
    save_profile = forms.CharField(
        label=_("Save this mapping as a profile named"), required=False, max_length=100
    )

    def __init__(
        self, *args: Any, headers: list[str], initial_mapping: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [("", _("— not in this file —")), *[(h, h) for h in headers]]
        for name in FIELDS:
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=FIELD_LABELS.get(name, name),
                choices=choices,
                required=False,
                initial=initial_mapping.get(name, ""),
            )

    def mapping_fields(self) -> list[Any]:
        return [self[f"map_{name}"] for name in FIELDS]

    def option_fields(self) -> list[Any]:
        return [self[n] for n in ("key", "full_extract", "confirm_lapsed", "save_profile")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mapping = self.mapping()
        used: dict[str, str] = {}
        for name, header in mapping.items():
            if header in used:
                raise forms.ValidationError(
                    _("The column %(h)s is mapped twice (%(a)s and %(b)s).")
                    % {"h": header, "a": used[header], "b": name}
                )
            used[header] = name
        if data.get("key") and data["key"] not in mapping:
            raise forms.ValidationError(
                _("Map a column to %(key)s: every record needs it.")
                % {"key": FIELD_LABELS[data["key"]]}
            )
        if data.get("confirm_lapsed") and not data.get("full_extract"):
            raise forms.ValidationError(_("Marking lapsed members needs a full extract."))
        return data

    def mapping(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in FIELDS:
            header = (self.cleaned_data if hasattr(self, "cleaned_data") else {}).get(
                f"map_{name}", ""
            )
            if header:
                out[name] = header
        return out


class EraseForm(forms.Form):
    """Erasure is confirmed on purpose: a tick and the reason (recorded in the audit row)."""

    REASONS = [
        ("request", _("The person asked to be erased (Art. 17)")),
        ("objection", _("The person objected and there is no overriding reason to keep it")),
        ("no_basis", _("No lawful basis to hold it")),
        ("other", _("Other (the data steward's decision)")),
    ]
    # Buttons, not a select: a phone cuts a long reason off in a closed select.
    reason = forms.ChoiceField(label=_("Why"), choices=REASONS, widget=forms.RadioSelect)
    confirm = forms.BooleanField(
        label=_("I understand that this erases the person's details for good."), required=True
    )
