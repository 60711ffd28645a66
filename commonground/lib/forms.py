"""How every form in the project draws a single-choice select, without each form asking.

Django offers a blank choice labelled "---------" in a select (a model's foreign key, a
``ModelChoiceField``, a model field with choices), even when the user has one valid choice,
such as an organiser of one branch. ``settings.FORM_RENDERER`` is :class:`FormRenderer`,
whose bound field (:class:`ChoiceInWords`) draws each single-choice select so that:

- a required choice with exactly one option is chosen already, with no blank beside it;
- any other "---------" reads in words: "Choose…" where a choice is required, "Any" in a
  filter (:class:`~commonground.lib.query.QueryForm`), "None" where it may stay empty.

Only drawing changes: the field still validates what is posted against its own choices.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from commonground.lib.query import QueryForm

# Django's label for the blank choice: ``ModelChoiceField.empty_label``'s default and
# ``django.db.models.fields.BLANK_CHOICE_DASH``.
DASHES = "---------"


class ChoiceInWords(BoundField):
    """A bound field whose single-choice select offers its blank choice in words."""

    _only: Any = None

    def as_widget(
        self, widget: forms.Widget | None = None, attrs: Any = None, only_initial: bool = False
    ) -> Any:
        if widget is None:
            self._settle_choices()
        return super().as_widget(widget, attrs, only_initial)

    def value(self) -> Any:
        value = super().value()
        if self._only is not None and value in self.field.empty_values:
            return self._only
        return value

    def _settle_choices(self) -> None:
        field, widget = self.field, self.field.widget
        if (
            not isinstance(field, forms.ChoiceField)
            or isinstance(field, forms.MultipleChoiceField)
            or not isinstance(widget, forms.Select)
            or isinstance(widget, forms.SelectMultiple)
            or getattr(self, "_settled", False)
        ):
            return
        self._settled = True
        # One query for a model choice; the widget then draws from this list. (Through iter():
        # list() of a ModelChoiceIterator asks its len() first, a COUNT query.)
        choices = list(iter(widget.choices))
        options = [c for c in choices if c[0] not in ("", None)]
        flat = not any(isinstance(label, (list, tuple)) for _value, label in options)
        if field.required and flat and len(options) == 1:
            widget.choices = options
            self._only = options[0][0]
            return
        widget.choices = [
            (value, self._blank_label() if value in ("", None) and label == DASHES else label)
            for value, label in choices
        ]

    def _blank_label(self) -> Any:
        if self.field.required:
            return _("Choose…")
        if isinstance(self.form, QueryForm):
            return _("Any")
        return pgettext_lazy("no choice made", "None")


class FormRenderer(DjangoTemplates):
    """The project's form renderer (``settings.FORM_RENDERER``): Django's, with
    :class:`ChoiceInWords` as every form's bound field."""

    bound_field_class = ChoiceInWords
