"""REST API v1 (django-ninja). Each domain adds a router in ``commonground/api/routers/``.

Endpoints call the same access helpers and actions as the pages, so a token sees exactly what
its user sees, and API reads of people are audited like page views.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from commonground.api.auth import TokenAuth
from commonground.api.routers import (
    alliances,
    campaigns,
    charters,
    density,
    library,
    me,
    motions,
    people,
    register,
)

api = NinjaAPI(
    title="Commonground API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    description=(
        "Token-authenticated API. A token acts with its owner's role and scope; records outside "
        'the scope answer 404. Errors have the shape {"error": {"code", "message", "details"}}.'
    ),
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, "details": details}}, status=status
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "not_found", "Not found.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, "forbidden", "Your role does not allow this.")


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(
        request, 401, "unauthorised", "A valid API token is required (Authorization: Bearer …)."
    )


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return _error(request, 422, "invalid", "The request is not valid.", exc.errors)


@api.exception_handler(ValidationError)
def _invalid_model(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, "invalid", "The request is not valid.", exc.messages)


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = _error(request, 429, "rate_limited", "Too many requests: wait and try again.")
    if exc.wait:
        response["Retry-After"] = str(exc.wait)
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "error", str(exc))


# Domain routers, each ``commonground.api.routers.<name>.router``, mounted at ``/<name>/``.
# Facility time has no endpoints: it names reps and their hours, and is recorded, approved
# and exported on its pages (docs/api.md, "What the API does not cover").
ROUTERS = {
    "me": me.router,
    "register": register.router,
    "people": people.router,
    "density": density.router,
    "charters": charters.router,
    "campaigns": campaigns.router,
    "alliances": alliances.router,
    "library": library.router,
    "motions": motions.router,
}
for _name, _router in ROUTERS.items():
    api.add_router(f"/{_name}/", _router)
