"""Organisers' forms for public pages (forms only clean and validate; actions write)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.lib.query import BoundedModelChoiceField, QueryForm, TextField
from commonground.publicpages.actions import PAGE_FIELDS
from commonground.publicpages.languages import translatable_languages
from commonground.publicpages.models import (
    CHOICE_KINDS,
    LinkDecision,
    Page,
    PageKind,
    Question,
    SubmissionStatus,
)

# --- Organisers' forms -----------------------------------------------------------------------


def _language_choices() -> list[tuple[str, str]]:
    return translatable_languages()


class PageForm(forms.ModelForm[Page]):
    languages = forms.MultipleChoiceField(
        label=_("Languages besides English"),
        choices=_language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Workers can switch to these; you add the page's text in each."),
    )

    class Meta:
        model = Page
        fields = list(PAGE_FIELDS)  # the fields the page actions write, in one place
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "consent_wording": forms.Textarea(attrs={"rows": 3}),
            "thanks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: Any,
        kind: str,
        branches: Any,
        campaigns: Any,
        targets: Any,
        charters: Any,
        partners: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name, qs in (
            ("branch", branches),
            ("campaign", campaigns),
            ("charter_target", targets),
            ("charter", charters),
            ("partner", partners),
        ):
            choice_field = self.fields[name]
            assert isinstance(choice_field, forms.ModelChoiceField)
            choice_field.queryset = qs
        if kind != PageKind.PETITION:
            del self.fields["goal"]
            del self.fields["show_count"]
        if kind != PageKind.SURVEY:
            del self.fields["charter"]

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data.get("slug") or "").lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is reserved; choose another."))
        return slug


RESERVED_SLUGS = frozenset({"static", "admin", "api", "embed", "qr", "poster"})


class PageFilterForm(QueryForm):
    q = TextField(label=_("Search"), max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any")), *PageKind.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("Any")), ("open", _("Open")), ("closed", _("Closed"))],
        required=False,
    )


class PageKindForm(QueryForm):
    """``?kind=``: the kind of page to create (join form, petition, survey)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any")), *PageKind.choices])


class ResultsForm(QueryForm):
    """``?by=council|provider``: how a page's results are broken down."""

    by = forms.ChoiceField(
        label=_("By"),
        choices=[("", _("All")), ("council", _("Council")), ("provider", _("Provider"))],
    )


class QuestionForm(forms.ModelForm[Question]):
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One choice per line (for one or several choices)."),
    )

    class Meta:
        model = Question
        fields = ["text", "help", "kind", "required", "commitment"]

    def __init__(self, *args: Any, commitments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commitment_field = self.fields["commitment"]
        assert isinstance(commitment_field, forms.ModelChoiceField)
        commitment_field.queryset = commitments
        commitment_field.required = False
        if self.instance.pk and self.instance.choices:
            self.fields["choices_text"].initial = "\n".join(
                str(c["label"]) for c in self.instance.choices
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lines = [
            " ".join(line.split())[:100]
            for line in (data.get("choices_text") or "").splitlines()
            if line.strip()
        ]
        if data.get("kind") in CHOICE_KINDS:
            if len(lines) < 2:
                self.add_error("choices_text", _("Give at least two choices, one per line."))
            if len(lines) > 30:
                self.add_error("choices_text", _("Give at most 30 choices."))
        data["choice_lines"] = lines if data.get("kind") in CHOICE_KINDS else []
        return data


class SubmissionFilterForm(QueryForm):
    q = TextField(label=_("Search"), max_length=100)
    page = BoundedModelChoiceField(label=_("Page"), queryset=Page.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    decision = forms.ChoiceField(label=_("Workplace link"), required=False)
    filing = forms.ChoiceField(
        label=_("Filing"),
        required=False,
        choices=[
            ("", _("Any")),
            ("waiting", _("Being processed")),
            ("failed", _("Could not be filed")),
        ],
    )
    contact = forms.ChoiceField(
        label=_("Showing"),
        required=False,
        choices=[
            ("", _("Answers with contact details")),
            ("all", _("All answers, anonymous ones too")),
        ],
    )

    def __init__(self, *args: Any, pages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        page_field = self.fields["page"]
        assert isinstance(page_field, forms.ModelChoiceField)
        page_field.queryset = pages
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = [("", _("Any")), *SubmissionStatus.choices]
        decision_field = self.fields["decision"]
        assert isinstance(decision_field, forms.ChoiceField)
        decision_field.choices = [
            ("", _("Any")),
            *[(v or "not-asked", label) for v, label in LinkDecision.choices],
        ]
