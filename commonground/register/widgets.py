"""Pick workplaces or providers from the register by typing their name.

A form field keeps its ``ModelChoiceField`` / ``ModelMultipleChoiceField`` validation; the
widget renders only the chosen records (as ticked boxes or one selected option) and a search
box that asks ``register:location-search`` / ``register:provider-search`` for matches as the
user types (htmx), each offered as a box to tick. Without JavaScript the search box submits
nothing and the records already chosen stay chosen; the form names what it needs.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from commonground.register.models import Location, Provider


def location_label(location: Location) -> str:
    where = " · ".join(x for x in (location.town, location.postcode) if x)
    return f"{location.name} ({where})" if where else location.name


class RegisterPicker(forms.SelectMultiple):
    """Ticked boxes for the chosen records and a live search for more."""

    model: type[Model] = Location
    key = "cqc_id"
    search_url_name = "register:location-search"

    def __init__(self, attrs: dict[str, Any] | None = None, *, multiple: bool = True) -> None:
        super().__init__(attrs)
        self.multiple = multiple

    def label(self, obj: Any) -> str:
        return location_label(obj)

    def chosen(self, value: Any) -> QuerySet[Any]:
        values = [v for v in (value if isinstance(value, list | tuple) else [value]) if v]
        if not values:
            return self.model._default_manager.none()
        return self.model._default_manager.filter(**{f"{self.key}__in": [str(v) for v in values]})

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if self.multiple:
            return values
        return values[-1] if values else None

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        kind = "checkbox" if self.multiple else "radio"
        box_id = (attrs or {}).get("id") or f"id_{name}"
        chosen = format_html_join(
            "",
            '<li><label><input type="{}" name="{}" value="{}" checked> {}</label></li>',
            ((kind, name, getattr(obj, self.key), self.label(obj)) for obj in self.chosen(value)),
        )
        url = reverse(self.search_url_name) + f"?name={name}&kind={kind}"
        return format_html(
            '<div class="picker" id="{id}">'
            '<ul class="picker-chosen plain">{chosen}</ul>'
            '<label class="picker-search">{search} <input type="search" name="{name}-q" '
            'autocomplete="off" hx-get="{url}" hx-trigger="input changed delay:300ms, search" '
            'hx-target="#{id}-results" hx-sync="this:replace"></label>'
            '<ul class="picker-results plain" id="{id}-results" aria-live="polite"></ul>'
            "</div>",
            id=box_id,
            chosen=chosen,
            search=_("Find by name, postcode or CQC id"),
            name=name,
            url=url,
        )


class ProviderPicker(RegisterPicker):
    model = Provider
    key = "pk"
    search_url_name = "register:provider-search"

    def label(self, obj: Any) -> str:
        return str(obj.label)

    def chosen(self, value: Any) -> QuerySet[Any]:
        # A value typed into a query string may be anything: only ids are looked up.
        values = value if isinstance(value, list | tuple) else [value]
        ids = [str(v) for v in values if str(v).isdigit() and 0 < int(str(v)) < 2**63]
        return super().chosen(ids)
