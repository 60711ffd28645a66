"""The good-practice library: case studies, guides, briefings, bargaining resources."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    CASE_STUDY = "case_study", _("Good-practice case study")
    CAMPAIGN_GUIDE = "campaign_guide", _("Campaign guide")
    BRIEFING = "briefing", _("Briefing")
    BARGAINING = "bargaining", _("Bargaining and negotiating resource")
    TEMPLATE = "template", _("Template")


class TagCategory(models.TextChoices):
    SECTOR = "sector", _("Sector")
    SERVICE_GROUP = "service_group", _("Service group")
    THEME = "theme", _("Theme")
    REGION = "region", _("Region")


class Tag(models.Model):
    category = models.CharField(_("category"), max_length=20, choices=TagCategory.choices)
    slug = models.SlugField(max_length=80)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "slug"], name="unique_library_tag")
        ]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """One library item. ``search_text`` mirrors the tags for the full-text index."""

    region = models.ForeignKey(
        "register.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_items",
        help_text=_("Empty means the item is for every region."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("public address"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(_("body (Markdown)"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="items")
    # Denormalised tag names so the full-text index (SQLite FTS5 triggers) sees them.
    search_tags = models.TextField(blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_items",
    )
    branch = models.ForeignKey(
        "accounts.Branch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_items",
        help_text=_("The branch the item comes from, shown publicly instead of a person."),
    )
    public_byline = models.CharField(
        _("public byline"),
        max_length=200,
        blank=True,
        help_text=_(
            "Shown on the public page only if filled in, e.g. 'Regional organising team'. "
            "Leave empty and the page names the branch or region, never a person."
        ),
    )
    written_on = models.DateField(_("written on"), default=dt.date.today)
    review_by = models.DateField(_("review by"), null=True, blank=True)
    is_public = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    is_synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-written_on", "title"]

    def __str__(self) -> str:
        return self.title

    def needs_review(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.review_by is not None and self.review_by <= today

    def public_credit(self) -> str:
        """Who the public page credits: a chosen byline, else the branch, else the region."""
        if self.public_byline:
            return self.public_byline
        if self.branch_id and self.branch:
            return self.branch.name
        if self.region_id and self.region:
            return str(_("%(region)s region")) % {"region": self.region.name}
        return str(_("Commonground"))


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"


def attachment_path(instance: Attachment, filename: str) -> str:
    # Stored under a fresh name: the uploader's file name is kept only as a label.
    suffix = PurePath(filename).suffix.lower()
    return f"library/{instance.item_id}/{timezone.now():%Y%m%d%H%M%S%f}{suffix}"


class Attachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=4, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["original_name"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        if self.kind == AttachmentKind.PDF:
            return "application/pdf"
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
