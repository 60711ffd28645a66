"""What every router shares: the acting user, the error schema, pagination and typed params.

Routers stay thin: they call the domain apps' access helpers and queries, never their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Generic, Literal, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Schema
from pydantic import StringConstraints

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm

T = TypeVar("T")

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
# Ids and offsets are bounded so that a huge number is a 422, not a database overflow.
MAX_ID = 2_147_483_647
MAX_OFFSET = 1_000_000

# Free text never carries a NUL (PostgreSQL refuses it in a query: a 500 otherwise).
Text = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00]*$")]
# Codes and slugs as they appear in URLs: CQC ids, ONS codes, branch codes, slugs.
Code = Annotated[str, StringConstraints(max_length=80, pattern=r"^[A-Za-z0-9_.-]*$")]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
CodePath = Annotated[str, Path(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.-]+$")]


def one_of(*choices: Iterable[str]) -> Any:
    """A query parameter taking ``""`` (no filter) or one of ``choices`` (model choices, the
    keys of a queries module's table), documented as an enum. Type it as ``str`` for mypy:

        if TYPE_CHECKING: Kind = str
        else: Kind = one_of(PartnerType.values)
    """
    values = [""]
    for group in choices:
        values += [str(v) for v in group if str(v) not in values]
    return Literal[tuple(values)]


class ErrorBody(Schema):
    code: str = Field(..., examples=["not_found"])
    message: str
    details: Any = None


class ErrorOut(Schema):
    """Every error: ``{"error": {"code", "message", "details"}}``."""

    error: ErrorBody


# Documented on every operation, so clients (and schemathesis) know each may happen.
ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def responses(ok: Any) -> dict[int, Any]:
    return {200: ok, **ERRORS}


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


class ResultPage(Schema, Generic[T]):
    count: int = Field(..., description="Items matching the filters, on every page.")
    limit: int
    offset: int
    items: list[T]


def page_of(qs: QuerySet[Any] | Sequence[Any], params: PageParams) -> dict[str, Any]:
    """One page of ``qs`` (a queryset is sliced in SQL) with the total count."""
    count = qs.count() if isinstance(qs, QuerySet) else len(qs)
    items = list(qs[params.offset : params.offset + params.limit])
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": items}


def acting_user(request: HttpRequest, perm: str | None = None) -> User:
    """The token's user (``TokenAuth`` set it); 403 unless their role grants ``perm``."""
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):  # pragma: no cover - TokenAuth guarantees it
        raise PermissionDenied
    if perm is not None and not has_perm(user, perm):
        raise PermissionDenied
    return user
