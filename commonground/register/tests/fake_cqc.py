"""A local stand-in for CQC's API, serving real location records over real HTTP.

It answers the endpoints ``sync-register`` uses, in the API's published shapes
(docs/decisions.md, "The CQC API"): ``/locations`` (paged listing by ``localAuthority``),
``/locations/{id}``, ``/providers/{id}``, ``/changes/location`` and ``/changes/provider``.
The location records are the real ones from the Oldham extract; CQC's extract has no
provider records, so providers are made up here, plainly named as test data.

Faults are scripted per path: ``fail("/locations/1-123", 500, 500)`` makes the next two
requests for that path fail; ``rate_limit(path, retry_after="1")`` answers 429 once.
Every request is logged (path, query, time, whether the key was right) for the tests.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

KEY_HEADER = "Ocp-Apim-Subscription-Key"


@dataclass
class Request:
    path: str
    query: dict[str, str]
    at: float
    status: int


class FakeCqc:
    def __init__(
        self,
        records: list[dict[str, Any]],
        *,
        key: str = "fake-subscription-key",
        max_per_page: int = 1000,
    ) -> None:
        self.key = key
        self.max_per_page = max_per_page
        self.records = {r["locationId"]: r for r in records}
        self.location_changes: list[str] = []
        self.provider_changes: list[str] = []
        self.provider_names: dict[str, str] = {}
        self.delay = 0.0  # seconds before answering each /locations/{id}
        self.requests: list[Request] = []
        self._faults: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- control ------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/public/v1"

    def start(self) -> FakeCqc:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail(self, path: str, *statuses: int) -> None:
        with self._lock:
            self._faults[path].extend((status, {}) for status in statuses)

    def rate_limit(self, path: str, retry_after: str) -> None:
        with self._lock:
            self._faults[path].append((429, {"Retry-After": retry_after}))

    def hits(self, prefix: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path.startswith(prefix)]

    def provider_name(self, provider_id: str) -> str:
        return self.provider_names.get(provider_id, f"Test Provider {provider_id[2:]} Ltd")

    # --- answers ------------------------------------------------------------------------

    def answer(
        self, path: str, query: dict[str, str], key: str | None
    ) -> tuple[int, Any, dict[str, str]]:
        if key != self.key:
            return (
                401,
                {
                    "statusCode": 401,
                    "message": "Access denied due to invalid subscription key. Make sure to "
                    "provide a valid key for an active subscription.",
                },
                {},
            )
        with self._lock:
            faults = self._faults.get(path)
            if faults:
                status, headers = faults.pop(0)
                return status, {"statusCode": status, "message": "scripted fault"}, headers
        prefix = "/public/v1"
        if not path.startswith(prefix):
            return 404, {"statusCode": 404, "message": "Resource not found"}, {}
        route = path[len(prefix) :]
        if route == "/locations":
            authority = query.get("localAuthority", "").casefold()
            items = [
                {
                    "locationId": r["locationId"],
                    "locationName": r.get("name"),
                    "postalCode": r.get("postalCode"),
                }
                for r in self.records.values()
                if not authority or str(r.get("localAuthority", "")).casefold() == authority
            ]
            return 200, self._page("/locations", query, "locations", items), {}
        if route.startswith("/locations/"):
            if self.delay:
                time.sleep(self.delay)
            record = self.records.get(route.removeprefix("/locations/"))
            if record is None:
                return 404, {"statusCode": 404, "message": "Resource not found"}, {}
            return 200, record, {}
        if route.startswith("/providers/"):
            provider_id = route.removeprefix("/providers/")
            locations = [
                r["locationId"] for r in self.records.values() if r.get("providerId") == provider_id
            ]
            if not locations:
                return 404, {"statusCode": 404, "message": "Resource not found"}, {}
            return (
                200,
                {
                    "providerId": provider_id,
                    "locationIds": locations,
                    "organisationType": "Provider",
                    "ownershipType": "Organisation",
                    "type": "Social Care Org",
                    "name": self.provider_name(provider_id),
                    "companiesHouseNumber": f"0{provider_id[-7:]}",
                    "registrationStatus": "Registered",
                    "registrationDate": "2013-01-01",
                },
                {},
            )
        if route in ("/changes/location", "/changes/provider"):
            if not query.get("startTimestamp") or not query.get("endTimestamp"):
                return 400, {"statusCode": 400, "message": "startTimestamp is required"}, {}
            ids = self.location_changes if route.endswith("location") else self.provider_changes
            return 200, self._page(route, query, "changes", list(ids)), {}
        return 404, {"statusCode": 404, "message": "Resource not found"}, {}

    def _page(self, uri: str, query: dict[str, str], key: str, items: list[Any]) -> dict[str, Any]:
        per_page = min(int(query.get("perPage", "500")), self.max_per_page)
        page = max(int(query.get("page", "1")), 1)
        total_pages = max((len(items) + per_page - 1) // per_page, 1)
        rest = {k: v for k, v in query.items() if k not in ("page", "perPage")}

        def link(n: int) -> str:
            return f"{uri}?{urllib.parse.urlencode({**rest, 'page': n, 'perPage': per_page})}"

        return {
            "total": len(items),
            "firstPageUri": link(1),
            "page": page,
            "previousPageUri": link(page - 1) if page > 1 else None,
            "lastPageUri": link(total_pages),
            "nextPageUri": link(page + 1) if page < total_pages else None,
            "perPage": per_page,
            "totalPages": total_pages,
            key: items[(page - 1) * per_page : page * per_page],
            "uri": uri,
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(parts.query))
                status, body, headers = fake.answer(parts.path, query, self.headers.get(KEY_HEADER))
                with fake._lock:
                    fake.requests.append(Request(parts.path, query, time.monotonic(), status))
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client was killed mid-answer (the kill test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def oldham_records(data_dir: Path) -> list[dict[str, Any]]:
    path = data_dir / "cqc" / "cqc_api_locations_oldham_2025-03.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
