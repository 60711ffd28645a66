"""A small client for CQC's public API (``api.service.cqc.org.uk/public/v1``).

Every request sends the subscription key in the ``Ocp-Apim-Subscription-Key`` header. The
key never appears in a message, an exception, a log line or a stored row: errors name the
path asked for, never the headers. 429 answers are retried after their ``Retry-After``;
5xx answers and dropped connections after a doubling back-off; 401/403 stop at once with
:class:`KeyRejected`. The endpoints and their shapes are described in docs/decisions.md
("The CQC API").
"""

from __future__ import annotations

import email.utils
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

KEY_HEADER = "Ocp-Apim-Subscription-Key"
PER_PAGE = 1000  # the API's largest page
MAX_WAIT = 300.0  # never sleep longer than this on one Retry-After
TIMEOUT = 60


class ApiError(Exception):
    """The API could not give what was asked for (after retries)."""


class MissingKey(ApiError):
    def __init__(self) -> None:
        super().__init__(
            "No CQC API subscription key. Set CQC_API_KEY (or CQC_API_KEY_FILE) to the primary "
            "key of your subscription on CQC's API portal (api-portal.service.cqc.org.uk), "
            "then run sync-register again. Without a key, import CQC's monthly "
            "HSCA Active Locations workbook instead: commonground import-register FILE."
        )


class KeyRejected(ApiError):
    def __init__(self, status: int, path: str) -> None:
        super().__init__(
            f"The CQC API rejected the subscription key (HTTP {status} on {path}). Check "
            "CQC_API_KEY against the primary key shown on CQC's API portal; a key is only "
            "valid once its subscription is approved."
        )
        self.status = status


class NotFound(ApiError):
    pass


@dataclass
class Stats:
    requests: int = 0
    retries: int = 0
    waited: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "retries": self.retries,
            "waited_seconds": round(self.waited, 1),
            "retried_statuses": dict(self.statuses),
        }


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date); None if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else time.time()
    return max(when.timestamp() - current, 0.0)


class CqcApi:
    """GET requests against one base URL with one key; see the module doc for retries."""

    def __init__(
        self,
        base_url: str,
        key: str,
        *,
        attempts: int = 6,
        backoff: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        if not key.strip():
            raise MissingKey()
        self.base_url = base_url.rstrip("/")
        self._key = key.strip()
        self.attempts = max(attempts, 1)
        self.backoff = backoff
        self.sleep = sleep
        self.on_wait = on_wait
        self.stats = Stats()

    def __repr__(self) -> str:  # never the key
        return f"CqcApi({self.base_url!r})"

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        query = urllib.parse.urlencode({k: v for k, v in (params or {}).items() if v is not None})
        url = f"{self.base_url}{path}" + (f"?{query}" if query else "")
        request = urllib.request.Request(
            url,
            headers={
                KEY_HEADER: self._key,
                "Accept": "application/json",
                "User-Agent": "commonground-sync-register",
            },
        )
        last = ""
        for attempt in range(self.attempts):
            self.stats.requests += 1
            wait: float | None
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                    body = response.read()
            except urllib.error.HTTPError as exc:
                status = exc.code
                exc.close()
                if status in (401, 403):
                    raise KeyRejected(status, path) from None
                if status == 404:
                    raise NotFound(f"{path}: not found (HTTP 404)") from None
                if status != 429 and status < 500:
                    raise ApiError(f"{path}: the CQC API answered HTTP {status}") from None
                last = f"HTTP {status}"
                wait = retry_after(exc.headers.get("Retry-After")) if status == 429 else None
                self.stats.statuses[str(status)] = self.stats.statuses.get(str(status), 0) + 1
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                reason = getattr(exc, "reason", exc)
                last = f"connection failed ({reason})"
                wait = None
            else:
                try:
                    return json.loads(body)
                except ValueError:
                    raise ApiError(
                        f"{path}: the CQC API answered with something not JSON"
                    ) from None
            if attempt + 1 >= self.attempts:
                break
            if wait is None:
                wait = self.backoff * (2**attempt)
            wait = min(wait, MAX_WAIT)
            self.stats.retries += 1
            self.stats.waited += wait
            if self.on_wait is not None:
                self.on_wait(f"{path}: {last}; trying again in {wait:g} s")
            self.sleep(wait)
        raise ApiError(f"{path}: gave up after {self.attempts} attempts (last: {last})")

    def pages(
        self, path: str, params: Mapping[str, Any], items_key: str, *, start_page: int = 1
    ) -> Iterator[tuple[int, int, list[Any]]]:
        """Yield ``(page, total_pages, items)`` for a paged listing, from ``start_page``."""
        page = start_page
        while True:
            data = self.get(path, {**params, "page": page, "perPage": PER_PAGE})
            if not isinstance(data, dict):
                raise ApiError(f"{path}: expected a JSON object with {items_key!r}")
            items = data.get(items_key) or []
            if not isinstance(items, list):
                raise ApiError(f"{path}: {items_key!r} should be a list")
            total_pages = _int(data.get("totalPages"), page)
            yield page, total_pages, items
            if page >= total_pages or not items or not data.get("nextPageUri", True):
                return
            page += 1


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def timestamp(moment: datetime) -> str:
    """The changes feed's timestamp format: UTC, seconds, ``Z`` (2026-12-01T06:30:00Z)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
