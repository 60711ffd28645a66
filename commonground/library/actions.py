"""Every write to the library: permission checked, audited (docs/style.md §3)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.lib.changes import diff, snapshot
from commonground.library.access import can_change_item
from commonground.library.models import Attachment, Item, Tag
from commonground.library.uploads import check_attachment

ITEM_FIELDS = (
    "kind",
    "title",
    "summary",
    "body",
    "branch",
    "public_byline",
    "written_on",
    "review_by",
    "region",
)


def unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:100] or "item"
    slug, n = base, 1
    others = Item.objects.exclude(pk=exclude_pk) if exclude_pk else Item.objects.all()
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _set_tags(item: Item, tags: Iterable[Tag]) -> list[str]:
    tags = list(tags)
    item.tags.set(tags)
    # The full-text index reads search_tags (SQLite triggers fire on this update).
    item.search_tags = " ".join(t.name for t in tags)
    item.save(update_fields=["search_tags"])
    return sorted(t.slug for t in tags)


@transaction.atomic
def save_item(
    actor: User, item: Item, *, tags: Iterable[Tag], request: HttpRequest | None = None
) -> Item:
    """Create or update an item and its tags; the search index follows (triggers/Postgres)."""
    creating = item.pk is None
    if creating:
        if not has_perm(actor, "change_library"):
            raise PermissionDenied
        item.author = item.author or actor
        if not item.region_id and not actor.is_admin:
            item.region_id = actor.region_id
        item.slug = unique_slug(item.title)
        before: dict[str, object] = {}
        old_tags: list[str] = []
    else:
        original = Item.objects.get(pk=item.pk)
        if not can_change_item(actor, original):
            raise PermissionDenied
        before = snapshot(original, ITEM_FIELDS)
        old_tags = sorted(original.tags.values_list("slug", flat=True))
    item.save()
    new_tags = _set_tags(item, tags)
    changes = diff(before, snapshot(item, ITEM_FIELDS))
    # The body can be long: record that it changed, not the text.
    for key in ("body", "summary"):
        if key in changes:
            changes[key] = {"changed": True}
    if old_tags != new_tags:
        changes["tags"] = {"from": old_tags, "to": new_tags}
    if creating or changes:
        log_action(
            item,
            "library.item.created" if creating else "library.item.changed",
            actor,
            {"changed": changes},
            request=request,
        )
    return item


@transaction.atomic
def set_published(
    actor: User, item: Item, published: bool, *, request: HttpRequest | None = None
) -> Item:
    """Publish an item on the public pages (or withdraw it). Needs ``publish_library``."""
    if not has_perm(actor, "publish_library"):
        raise PermissionDenied
    if item.is_public == published:
        return item
    item.is_public = published
    item.published_at = timezone.now() if published else None
    item.save(update_fields=["is_public", "published_at"])
    log_action(
        item,
        "library.item.published" if published else "library.item.withdrawn",
        actor,
        {"slug": item.slug},
        request=request,
    )
    return item


@transaction.atomic
def add_attachment(
    actor: User, item: Item, upload: UploadedFile, *, request: HttpRequest | None = None
) -> Attachment:
    """Attach a checked PDF/DOCX (``ValidationError`` if it is neither)."""
    if not can_change_item(actor, item):
        raise PermissionDenied
    kind = check_attachment(upload)
    attachment = Attachment(
        item=item,
        original_name=(upload.name or "attachment")[:255],
        kind=kind,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    attachment.file.save(upload.name or f"attachment.{kind}", upload, save=False)
    attachment.save()
    log_action(
        item,
        "library.attachment.added",
        actor,
        {"attachment_id": attachment.pk, "name": attachment.original_name, "size": attachment.size},
        request=request,
    )
    return attachment


@transaction.atomic
def remove_attachment(
    actor: User, attachment: Attachment, *, request: HttpRequest | None = None
) -> None:
    item = attachment.item
    if not can_change_item(actor, item):
        raise PermissionDenied
    data = {"attachment_id": attachment.pk, "name": attachment.original_name}
    file_name = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    # Remove the file only once the row is really gone.
    transaction.on_commit(lambda: storage.delete(file_name) if file_name else None)
    log_action(item, "library.attachment.removed", actor, data, request=request)


@transaction.atomic
def delete_item(actor: User, item: Item, *, request: HttpRequest | None = None) -> None:
    if not can_change_item(actor, item):
        raise PermissionDenied
    data = {"title": item.title, "slug": item.slug}
    files = [(a.file.storage, a.file.name) for a in item.attachments.all() if a.file.name]
    log_action(item, "library.item.deleted", actor, data, request=request)
    item.delete()

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
