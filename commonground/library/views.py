"""Library pages, the print view and the public (logged-out) pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.ratelimit import rate_limit
from commonground.audit.exports import export_response
from commonground.lib.pagination import paginate
from commonground.library import actions
from commonground.library.access import (
    can_change_item,
    get_attachment_for_user,
    get_item_for_user,
    get_public_item,
    items_visible_to,
    public_items,
)
from commonground.library.exports import ItemExporter
from commonground.library.forms import AttachmentForm, ItemFilterForm, ItemForm, PublicSearchForm
from commonground.library.models import Attachment, Item
from commonground.library.queries import filter_items, related_items
from commonground.library.rendering import render_markdown
from commonground.library.search import search_items


@login_required
@require_perm("view_library")
@require_GET
def item_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, qs, query = _filtered_items(request)
    page = paginate(request, qs.prefetch_related("tags"), per_page=20)
    return render(
        request,
        "library/item_list.html",
        {
            "page": page,
            "form": form,
            "query": query,
            "today": timezone.localdate(),
            "can_export": ItemExporter.available_for_user(request.user),
        },
    )


def _filtered_items(request: AuthenticatedHttpRequest) -> tuple[ItemFilterForm, Any, str]:
    form = ItemFilterForm(request.GET)
    data = form.values
    query = data["q"]
    qs = filter_items(
        items_visible_to(request.user),
        q=query,
        kind=data["kind"],
        tag=data["tag"],
        state=data["state"],
        today=timezone.localdate(),
    )
    return form, qs, query


@login_required
@require_perm("export_library")
@require_GET
def item_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The filtered catalogue as CSV or XLSX; audited."""
    _form, qs, _query = _filtered_items(request)
    return export_response(request, ItemExporter(qs))


@login_required
@require_perm("view_library")
@require_GET
def item_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    return render(
        request,
        "library/item_detail.html",
        {
            "item": item,
            "body": render_markdown(item.body),
            "attachments": item.attachments.all(),
            "related": related_items(item, items_visible_to(request.user)),
            "can_change": can_change_item(request.user, item),
            "attachment_form": AttachmentForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_perm("view_library")
@require_GET
def item_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    return render(
        request,
        "library/item_print.html",
        {"item": item, "body": render_markdown(item.body), "attachments": item.attachments.all()},
    )


@login_required
@require_perm("change_library")
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_item_for_user(request.user, pk, write=True) if pk else Item()
    form = ItemForm(request.POST or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        item = actions.save_item(
            request.user, form.save(commit=False), tags=form.cleaned_data["tags"], request=request
        )
        messages.success(request, _("Saved."))
        return redirect("library:item-detail", item.pk)
    return render(request, "library/item_form.html", {"form": form, "item": item})


@login_required
@require_perm("publish_library")
@require_POST
def item_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk)
    publish = request.POST.get("publish") == "1"
    actions.set_published(request.user, item, publish, request=request)
    if publish:
        messages.success(request, _("Published. Anyone with the link can now read it."))
    else:
        messages.success(request, _("Withdrawn from the public pages."))
    return redirect("library:item-detail", item.pk)


@login_required
@require_perm("change_library")
@require_POST
def item_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, write=True)
    actions.delete_item(request.user, item, request=request)
    messages.success(request, _("Deleted."))
    return redirect("library:item-list")


@login_required
@require_perm("change_library")
@require_POST
def attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_attachment(request.user, item, form.cleaned_data["file"], request=request)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Attached."))
    else:
        messages.error(request, _("Choose a PDF or Word file to attach."))
    return redirect("library:item-detail", item.pk)


@login_required
@require_perm("change_library")
@require_POST
def attachment_delete(request: AuthenticatedHttpRequest, pk: int, file_pk: int) -> HttpResponse:
    item = get_item_for_user(request.user, pk, write=True)
    attachment = get_attachment_for_user(request.user, item.pk, file_pk)
    actions.remove_attachment(request.user, attachment, request=request)
    messages.success(request, _("Attachment removed."))
    return redirect("library:item-detail", item.pk)


def _send(attachment: Attachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_perm("view_library")
@require_GET
def attachment_download(request: AuthenticatedHttpRequest, pk: int, file_pk: int) -> FileResponse:
    return _send(get_attachment_for_user(request.user, pk, file_pk))


# --- Public pages: logged out, no personal data ------------------------------------------


@require_GET
@rate_limit("public")
def public_list(request: HttpRequest) -> HttpResponse:
    qs = public_items().prefetch_related("tags")
    query = PublicSearchForm(request.GET).values["q"]
    qs = search_items(qs, query) if query else qs.order_by("-published_at", "title")
    return render(
        request,
        "library/public_list.html",
        {"page": paginate(request, qs, per_page=20), "query": query},
    )


@require_GET
@rate_limit("public")
def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_public_item(slug)
    related = related_items(item, public_items())
    return render(
        request,
        "library/public_detail.html",
        {
            "item": item,
            "body": render_markdown(item.body),
            "attachments": item.attachments.all(),
            "related": related,
        },
    )


@require_GET
@rate_limit("public")
def public_attachment(request: HttpRequest, slug: str, file_pk: int) -> FileResponse:
    item = get_public_item(slug)
    try:
        attachment = item.attachments.get(pk=file_pk)
    except Attachment.DoesNotExist:
        from django.http import Http404

        raise Http404 from None
    return _send(attachment)
