from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from commonground.accounts.actions import check_scope
from commonground.accounts.models import Branch, Role, User
from commonground.lib.query import QueryForm, TextField
from commonground.register.models import Location, Region
from commonground.register.widgets import RegisterPicker


class UserFilterForm(QueryForm):
    q = TextField(label=_("Search"))
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Any role")), *Role.choices])


class ScopeFormMixin(forms.Form):
    """Role, region and branches checked together (``actions.check_scope``)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "role" in data:
            try:
                check_scope(data["role"], data.get("region"), data.get("branches") or [])
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        return data


class InviteForm(ScopeFormMixin):
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    branches = forms.ModelMultipleChoiceField(
        label=_("Branches"),
        queryset=Branch.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("That username is taken."))
        return username


class RoleScopeForm(ScopeFormMixin):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    branches = forms.ModelMultipleChoiceField(
        label=_("Branches"),
        queryset=Branch.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Active"), required=False)


class WorkplacesForm(forms.Form):
    """The workplaces assigned to a rep, picked from the register by name or postcode."""

    workplaces = forms.ModelMultipleChoiceField(
        label=_("Workplaces"),
        queryset=Location.objects.all(),
        to_field_name="cqc_id",
        required=False,
        widget=RegisterPicker,
        help_text=_("Type part of a name or a postcode, then tick the workplaces."),
    )


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") != data.get("password2"):
            raise forms.ValidationError(_("The two passwords do not match."))
        if data.get("password1"):
            validate_password(data["password1"], self.user)
        return data


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
