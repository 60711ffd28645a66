"""Refuse an oversized request body before any of it is read (issue 14, finding 13).

Django reads a multipart upload to the end (streaming it to a temporary file) before a form
can say it is too large: a 210 MB upload was read in full and then refused. This middleware,
first in the chain, answers ``413`` from the ``Content-Length`` header alone when the body is
larger than the largest upload allowed (``COMMONGROUND_MAX_UPLOAD_MB``) plus room for the
form's other fields. The proxy should refuse it earlier still (docs/deployment.md).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

# Room for a form's other fields and the multipart framing around the file.
FORM_OVERHEAD = 1024 * 1024


def body_limit() -> int:
    return int(settings.COMMONGROUND_MAX_UPLOAD_BYTES) + FORM_OVERHEAD


class RequestSizeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(_("The request's length is not a number."), status=400)
        if length > body_limit():
            megabytes = settings.COMMONGROUND_MAX_UPLOAD_BYTES // (1024 * 1024)
            return HttpResponse(
                _("That upload is too large: the limit is %(mb)d MB.") % {"mb": megabytes},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
