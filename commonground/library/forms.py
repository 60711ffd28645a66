from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from commonground.accounts.access import branches_visible_to
from commonground.accounts.models import User
from commonground.lib.query import BoundedModelChoiceField, QueryForm, TextField
from commonground.lib.widgets import DateInput
from commonground.library.models import Item, ItemKind, Tag, TagCategory
from commonground.library.uploads import MAX_ATTACHMENT_BYTES


class ItemFilterForm(QueryForm):
    q = TextField(label=_("Search"))
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *ItemKind.choices]
    )
    tag = BoundedModelChoiceField(
        label=_("Tag"),
        required=False,
        queryset=Tag.objects.all(),
        empty_label=_("Any"),
    )
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All")),
            ("public", _("Published")),
            ("internal", _("Internal only")),
            ("review", _("Due for review")),
        ],
    )


class PublicSearchForm(QueryForm):
    q = TextField(label=_("Search"))


class ItemForm(forms.ModelForm[Item]):
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        required=False,
        queryset=Tag.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches_visible_to(user)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["tags"].initial = list(self.instance.tags.all())

    class Meta:
        model = Item
        fields = [
            "kind",
            "title",
            "summary",
            "body",
            "tags",
            "branch",
            "public_byline",
            "written_on",
            "review_by",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18, "class": "mono"}),
            "written_on": DateInput,
            "review_by": DateInput,
        }
        help_texts = {
            "body": _("Markdown: # headings, **bold**, lists, links. HTML is removed."),
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a PDF or Word (.docx) file"),
        help_text=_("Up to %(mb)d MB.") % {"mb": MAX_ATTACHMENT_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )


def tag_choices_by_category() -> list[tuple[str, list[Tag]]]:
    labels = dict(TagCategory.choices)
    grouped: dict[str, list[Tag]] = {}
    for tag in Tag.objects.all():
        grouped.setdefault(tag.category, []).append(tag)
    return [(str(labels.get(k, k)), v) for k, v in grouped.items()]
