"""The density pages' query strings (``lib.query``): the overview's region, council and sort,
and the targets page's filters (the page and its export)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.density.measure import Scope, councils
from commonground.density.ranking import TARGET_SIZES, TargetFilters
from commonground.lib.query import CodeField, IdField, QueryForm, TextField
from commonground.register.forms import RegionForm
from commonground.register.models import SOCIAL_CARE_TYPES, ServiceType
from commonground.register.queries import RATINGS
from commonground.register.widgets import ProviderPicker

SORT_LABELS = {
    "-workforce": _("Largest workforce"),
    "-members": _("Most members"),
    "density": _("Lowest density"),
    "-density": _("Highest density"),
    "-reps": _("Most reps"),
    "name": _("Name"),
}


class DensityQueryForm(RegionForm):
    council = CodeField(label=_("Council"))
    sort = forms.ChoiceField(
        label=_("Sort"), choices=list(SORT_LABELS.items()), initial="-workforce"
    )


class TargetFilterForm(QueryForm):
    """``?q=&council=&provider=&type=&size=&rating=&rep=&branch=``.

    A value that does not parse, or names a council or branch outside the user's scope, is
    ignored (that filter is off) and the form says so beside the field.
    """

    q = TextField(label=_("Search"))
    council = forms.ChoiceField(label=_("Council"), required=False)
    provider = IdField(label=_("Provider"), widget=ProviderPicker(multiple=False))
    type = forms.ChoiceField(
        label=_("Service"),
        required=False,
        choices=[
            ("", _("Any service")),
            *[(k, v) for k, v in ServiceType.choices if k in SOCIAL_CARE_TYPES],
        ],
    )
    size = forms.ChoiceField(
        label=_("Size"),
        required=False,
        choices=[("", _("Any size")), *[(k, v[0]) for k, v in TARGET_SIZES.items()]],
    )
    rating = forms.ChoiceField(
        label=_("CQC rating"),
        required=False,
        choices=[("", _("Any rating")), *[(r, r) for r in RATINGS], ("none", _("Not rated"))],
    )
    rep = forms.ChoiceField(
        label=_("Rep"),
        required=False,
        choices=[("", _("With or without")), ("no", _("No rep yet")), ("yes", _("Has a rep"))],
    )
    branch = forms.ChoiceField(label=_("Branch patch"), required=False)

    def __init__(self, data: Any, *, scope: Scope) -> None:
        super().__init__(data)
        council_field = self.fields["council"]
        assert isinstance(council_field, forms.ChoiceField)
        council_field.choices = [
            ("", _("Every council")),
            *councils(scope).order_by("name").values_list("ons_code", "name"),
        ]
        branch_field = self.fields["branch"]
        assert isinstance(branch_field, forms.ChoiceField)
        branch_field.choices = [
            ("", _("Any branch")),
            *((b.code, str(b)) for b in scope.branches().order_by("code")),
        ]

    def filters(self) -> TargetFilters:
        """The valid values; a field that did not validate is left out (no filter)."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return TargetFilters(
            q=data.get("q") or "",
            council=data.get("council") or "",
            provider=data.get("provider"),
            service_type=data.get("type") or "",
            size=data.get("size") or "",
            rating=data.get("rating") or "",
            rep=data.get("rep") or "",
            branch=data.get("branch") or "",
        )

    @property
    def more_active(self) -> bool:
        """Whether a filter behind "More filters" is on (the page opens them)."""
        f = self.filters()
        return any((f.service_type, f.size, f.rating, f.branch, f.provider))

    @property
    def active(self) -> bool:
        """Whether any filter is on (for the empty state)."""
        return any(v not in ("", None) for v in vars(self.filters()).values())
