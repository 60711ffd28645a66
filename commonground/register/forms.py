from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from commonground.lib.query import CodeField, IdField, QueryForm, TextField
from commonground.register.models import ServiceType
from commonground.register.queries import RATINGS, SIZE_BANDS, SORTS, STATUSES
from commonground.register.readers import FORMATS


class LocationFilterForm(QueryForm):
    """The location list's (and its export's) query string: ``queries.FILTER_KEYS``."""

    q = TextField(label=_("Search"))
    council = CodeField(label=_("Council"))
    type = forms.ChoiceField(label=_("Service"), choices=[("", ""), *ServiceType.choices])
    size = forms.ChoiceField(
        label=_("Size"), choices=[("", ""), *[(k, v[0]) for k, v in SIZE_BANDS.items()]]
    )
    rating = forms.ChoiceField(
        label=_("Rating"), choices=[("", ""), ("none", _("Not rated")), *[(r, r) for r in RATINGS]]
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", ""), *[(k, v[0]) for k, v in STATUSES.items()]]
    )
    provider = IdField(label=_("Provider"))
    scope = forms.ChoiceField(label=_("Scope"), choices=[("", ""), ("all", _("All services"))])
    sort = forms.ChoiceField(label=_("Sort"), choices=[("", ""), *[(k, k) for k in SORTS]])

    def filters(self) -> dict[str, str]:
        """The values as ``queries.filter_locations`` takes them (text; blank = no filter)."""
        return {k: "" if v is None else str(v) for k, v in self.values.items()}


class RegionForm(QueryForm):
    """``?region=<slug>``: the region a page shows (admins choose; others have their own)."""

    region = CodeField(label=_("Region"))


class CouncilForm(QueryForm):
    """``?council=<ONS code>``: one council (the coverage banner reads the page's)."""

    council = CodeField(label=_("Council"))


class MapScopeForm(RegionForm, CouncilForm):
    """The register maps' query string: one council, or a region."""


COVERAGE_SHOW = {
    "gaps": _("Gaps only (no home care, or old data)"),
    "no_home_care": _("No home-care data"),
    "stale": _("Data older than 35 days"),
}


class CoverageFilterForm(RegionForm):
    """The coverage page's query string: a region, a search and which rows to show."""

    q = TextField(label=_("Search"))
    show = forms.ChoiceField(label=_("Show"), choices=[("", ""), *COVERAGE_SHOW.items()])


class WorkforceOverrideForm(forms.Form):
    workforce_override = forms.IntegerField(
        label=_("Workforce (your figure)"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("Leave blank to go back to the estimate."),
    )
    note = forms.CharField(
        label=_("Where the figure comes from"),
        max_length=255,
        required=False,
        help_text=_("e.g. “rota seen at the branch meeting, March 2025”"),
    )


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label=_("Register file"),
        help_text=_(
            "CQC's monthly HSCA Active Locations workbook (.ods or .xlsx) or its CSV, CQC API "
            "JSON/JSONL, or the CQC care directory CSV. "
            "Keep CQC's file name: it carries the date of the extract."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Detect automatically")), *[(f, f) for f in FORMATS]],
    )
    include_all = forms.BooleanField(
        label=_("Keep GPs, dentists and hospitals too"), required=False
    )
    full = forms.BooleanField(
        label=_("This is the whole register (flag locations it no longer lists)"),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > settings.COMMONGROUND_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


class PickerNameForm(QueryForm):
    """``?name=``: the form field a register picker fills (``register.widgets``)."""

    name = CodeField(label=_("Field"), max_length=50)


class PickerQueryForm(PickerNameForm):
    """A register picker's search: its field's name, its boxes' kind and the words typed,
    sent as ``<name>-q`` (the picker's own search box) or ``q``."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("checkbox", "checkbox"), ("radio", "radio")], initial="checkbox"
    )
    q = TextField(label=_("Search"), max_length=100)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        name = PickerNameForm(data).values["name"]
        if name:
            self.fields[f"{name}-q"] = TextField(label=_("Search"), max_length=100)

    @property
    def words(self) -> str:
        values = self.values
        return str(values.get(f"{values['name']}-q") or values["q"])
