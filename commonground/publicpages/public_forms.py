"""The form a worker fills in on a public page (forms only clean and validate).

Its labels and messages are translated (the active language is the page's); its questions
come from the organiser's text in that language. Error messages never quote what was sent.
Every string here must be translated in every language (a test reads the catalogues).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from commonground.lib.widgets import DateInput
from commonground.people.parsing import InvalidValue, normalise_email, normalise_phone
from commonground.publicpages.defences import HONEYPOT
from commonground.publicpages.models import (
    CHOICE_KINDS,
    Page,
    PageKind,
    Question,
    QuestionKind,
)

SCALE = [(str(n), str(n)) for n in range(1, 6)]
REQUIRED = _("Please fill this in.")
CHOOSE = _("Choose one of the options.")
MAX_TEXT = 200


@dataclass
class Received:
    """A cleaned public submission, ready for ``actions.receive_submission``."""

    name: str = ""
    email: str = ""
    phone: str = ""
    workplace_text: str = ""
    location_id: int | None = None
    consent: bool = False
    answers: list[tuple[Question, dict[str, Any]]] = field(default_factory=list)

    @property
    def has_contact(self) -> bool:
        return bool(self.email or self.phone)


class PublicForm(forms.Form):
    """What a worker fills in: who they are, where they work, the page's questions, consent."""

    name = forms.CharField(label=_("Your name"), max_length=MAX_TEXT, required=False)
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    workplace = forms.CharField(
        label=_("Where do you work?"),
        help_text=_("Start typing the name of the care home or home-care agency, or its town."),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    workplace_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    consent = forms.BooleanField(required=False)
    started = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)
    lang = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        page: Page,
        questions: list[Question],
        language: str,
        consent_text: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.page = page
        self.questions = questions
        self.language = language
        # The honeypot: people never see it (public.css moves it off screen, and it is out of
        # the tab order); scripts that fill every field fill it in.
        self.fields[HONEYPOT] = forms.CharField(
            label=pgettext_lazy("honeypot, never shown", "Leave this empty"),
            required=False,
            max_length=200,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.fields["consent"].label = consent_text
        if page.contact_required:
            self.fields["name"].required = True
        else:
            self.fields["name"].help_text = _("Optional: only if you want us to get in touch.")
        if page.kind == PageKind.JOIN:
            self.fields["consent"].required = True
        if not page.ask_workplace:
            del self.fields["workplace"]
            del self.fields["workplace_id"]
        elif page.kind != PageKind.PETITION:
            self.fields["workplace"].required = True
        for question in questions:
            self.fields[f"q{question.pk}"] = self._question_field(question)
        for form_field in self.fields.values():
            # Our own messages: translated in every language, and none quotes the input
            # (Django's "Select a valid choice. X is not one of…" would).
            form_field.error_messages["required"] = REQUIRED

    def _question_field(self, q: Question) -> forms.Field:
        label, _fell_back = q.text_in("text", self.language)
        help_text, _h = q.text_in("help", self.language)
        common: dict[str, Any] = {"label": label, "help_text": help_text, "required": q.required}
        if q.kind in CHOICE_KINDS:
            choices = [(v, lbl) for v, lbl, _f in q.choices_in(self.language)]
            if q.kind == QuestionKind.SINGLE:
                return forms.ChoiceField(
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": CHOOSE},
                    **common,
                )
            return forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": CHOOSE, "invalid_list": CHOOSE},
                **common,
            )
        if q.kind == QuestionKind.SCALE:
            return forms.ChoiceField(
                choices=SCALE,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                error_messages={"invalid_choice": CHOOSE},
                **common,
            )
        if q.kind == QuestionKind.NUMBER:
            return forms.DecimalField(
                max_digits=12,
                decimal_places=2,
                min_value=Decimal("-1e9"),
                error_messages={"invalid": _("Enter a number, such as 37.5.")},
                **common,
            )
        if q.kind == QuestionKind.DATE:
            return forms.DateField(
                widget=DateInput(),
                input_formats=["%Y-%m-%d"],
                error_messages={"invalid": _("Enter a date.")},
                **common,
            )
        return forms.CharField(max_length=500, **common)

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q{q.pk}"] for q in self.questions]

    def clean_email(self) -> str:
        try:
            return normalise_email(self.cleaned_data.get("email") or "")
        except InvalidValue:
            raise forms.ValidationError(
                _("Enter an email address like name@example.com.")
            ) from None

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data.get("phone") or "")
        except InvalidValue:
            raise forms.ValidationError(
                _("Enter a mobile number like 07700 900123 (or with +44).")
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_contact = bool(data.get("email") or data.get("phone"))
        if self.page.contact_required and not has_contact and not self._errors_on("email", "phone"):
            self.add_error("email", _("Give an email address or a mobile number (or both)."))
        if (
            not self.page.contact_required
            and has_contact
            and not data.get("consent")
            and "consent" in self.fields
        ):
            self.add_error(
                "consent", _("Tick the box so that we may contact you, or leave your details out.")
            )
        if self.page.kind != PageKind.PETITION and has_contact and not data.get("name"):
            self.add_error("name", _("Tell us your name so that we know who to ask for."))
        return data

    def _errors_on(self, *names: str) -> bool:
        return any(name in self.errors for name in names)

    def received(self) -> Received:
        data = self.cleaned_data
        answers: list[tuple[Question, dict[str, Any]]] = []
        for q in self.questions:
            value = data.get(f"q{q.pk}")
            if value in (None, "", []):
                continue
            if q.kind == QuestionKind.MULTIPLE:
                answers.extend((q, {"choice": str(v)}) for v in value or [])
            elif q.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
                answers.append((q, {"choice": str(value)}))
            elif q.kind == QuestionKind.NUMBER:
                answers.append((q, {"number": value}))
            elif q.kind == QuestionKind.DATE:
                assert isinstance(value, date)
                answers.append((q, {"date": value}))
            else:
                answers.append((q, {"text": " ".join(str(value).split())[:500]}))
        return Received(
            name=" ".join((data.get("name") or "").split())[:MAX_TEXT],
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            workplace_text=" ".join((data.get("workplace") or "").split())[:MAX_TEXT],
            location_id=data.get("workplace_id"),
            consent=bool(data.get("consent")),
            answers=answers,
        )
