from __future__ import annotations

from django.contrib import admin

from commonground.library.models import Attachment, Item, Tag


class AttachmentInline(admin.TabularInline[Attachment, Item]):
    model = Attachment
    extra = 0
    readonly_fields = ("original_name", "kind", "size", "uploaded_by", "uploaded")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin[Item]):
    list_display = ("title", "kind", "is_public", "written_on", "review_by")
    list_filter = ("kind", "is_public")
    search_fields = ("title", "summary")
    inlines = [AttachmentInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    list_display = ("name", "category", "slug")
    list_filter = ("category",)
