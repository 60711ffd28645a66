"""Query strings: every GET parameter a page reads passes a field of a :class:`QueryForm`.

The rule, for every list page and every other page that reads its query string:

- A value that does not parse (a word where an id goes, an id beyond 64 bits, a NUL, an
  unknown choice, an impossible date) is **ignored**: the page shows as if the parameter
  were absent, and the filter form says what was wrong next to the field. Never a 500.
- Ids are bounded to what both databases hold (``IdField``), so an oversized number never
  reaches a query; free text refuses NUL (PostgreSQL cannot take it) and is capped in length.

Use it as::

    class LedgerFilterForm(QueryForm):
        partner = IdField(label=_("Partner"))
        kind = forms.ChoiceField(choices=[("", _("Any")), *SupportKind.choices], required=False)

    form = LedgerFilterForm(request.GET)
    if form.values["partner"]:
        qs = qs.filter(partner_id=form.values["partner"])

``form.values`` holds every field: the cleaned value when given and valid, else the field's
``initial`` (or its empty value) — so a default (``initial=``) applies when the parameter is
absent or not understood. Model choices (``forms.ModelChoiceField``) work too: an id out
of range is refused before the database sees it. ``tests/test_query_fuzz.py`` sends hostile
values in every parameter of every page.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

# The largest id both SQLite and PostgreSQL hold (signed 64 bits). The API bounds its ids more
# tightly (``api.common.MAX_ID``, 32 bits, the size of most of our keys).
MAX_ID = 2**63 - 1
MAX_TEXT = 200


class IdField(forms.IntegerField):
    """A database id from a query string: 1 … 2**63 - 1, optional."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)


class TextField(forms.CharField):
    """Free text from a query string (a search): optional, stripped, capped, no NUL."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_TEXT)
        super().__init__(**kwargs)


class CodeField(forms.RegexField):
    """A code or slug from a query string (ONS and CQC codes, branch codes, slugs)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 80)
        super().__init__(r"^[A-Za-z0-9_.-]*$", **kwargs)


class BoundedModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A model choice whose value is checked for NUL and an id's range before any query."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = str(value)
        ProhibitNullCharactersValidator()(text)
        if not self.to_field_name:
            try:
                number = int(text)
            except ValueError as exc:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from exc
            if not 1 <= number <= MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        elif len(text) > MAX_TEXT:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class QueryForm(forms.Form):
    """A form over a query string: invalid values are ignored field by field (see module)."""

    # Query strings are filters, not submissions: no field is ever required.
    use_required_attribute = False

    def __init__(self, data: QueryDict | dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(data if data is not None else QueryDict(), **kwargs)
        for name, field in self.fields.items():
            field.required = False
            if isinstance(field, forms.ModelChoiceField) and not isinstance(
                field, BoundedModelChoiceField
            ):
                raise TypeError(
                    f"{type(self).__name__}.{name}: use lib.query.BoundedModelChoiceField"
                )

    @property
    def values(self) -> dict[str, Any]:
        """Every field's value: cleaned if valid, else its initial or empty value."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        result: dict[str, Any] = {}
        for name, field in self.fields.items():
            given = not field.widget.value_omitted_from_data(
                self.data, self.files, self.add_prefix(name)
            )
            if given and name in cleaned and name not in self.errors:
                result[name] = cleaned[name]
            else:
                initial = self.get_initial_for_field(field, name)
                result[name] = initial if initial is not None else field.to_python(None)
        return result

    @property
    def ignored(self) -> list[str]:
        """The parameters that were given but ignored, for a note on the page."""
        self.is_valid()
        return sorted(self.errors)


def invalid_parameter(name: str) -> str:
    return str(_("The value of “%(name)s” was not understood and is ignored.") % {"name": name})


# --- List filters: what a list page and its export (and the API) apply to a queryset ---------

M = TypeVar("M", bound=Model)


def search(qs: QuerySet[M], q: str, *fields: str) -> QuerySet[M]:
    """The rows with ``q`` (stripped) in any of ``fields``, case-insensitively; ``qs`` itself
    when ``q`` is blank. A field across a to-many relation can repeat a row: the caller adds
    ``distinct()`` then (as ``motions.queries.filter_motions`` does)."""
    if not (q := q.strip()):
        return qs
    match = Q()
    for field in fields:
        match |= Q(**{f"{field}__icontains": q})
    return qs.filter(match)


def equal(qs: QuerySet[M], **values: Any) -> QuerySet[M]:
    """``qs`` narrowed to each lookup whose value is given (not ``""`` or ``None``), one
    ``filter()`` each, as a list's choice filters are (``kind="care_home", status=""``)."""
    for lookup, value in values.items():
        if value not in ("", None):
            qs = qs.filter(**{lookup: value})
    return qs
