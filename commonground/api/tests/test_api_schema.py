"""Property-based test of the whole API against its own OpenAPI schema (schemathesis).

The schema is loaded from the WSGI application (no network, no server). Every operation is
called with generated parameters as a branch organiser and as a viewer, and each response
is checked: no 5xx, status code documented, body and headers conform to the schema.
The example budget keeps the test well under the two minutes CI allows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from commonground.api.tests.conftest import token

# What is asserted. Not ``negative_data_rejection``: unknown query parameters are ignored by
# design (as on the pages), and the token header this test always sends turns schemathesis's
# "missing Authorization" negative cases into valid requests.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    ignored_auth,
]
# Per operation, persona and mode: 27 operations × 2 personas × (positive + negative).
# About 40 s per persona on 2 idle cores; CI allows the test two minutes. No wall-clock
# assertion: a loaded machine would make it flaky. Lower this if the API grows a lot.
MAX_EXAMPLES = 10


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    # The WSGI handler closes "old" connections at each request, which would close the test's
    # transaction; Django's own test client disconnects these signals for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        # commonground.wsgi's application, without its production-only secret-key guard.
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _operations(app: Any) -> list[Any]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]


def _run(operation: Any, headers: dict[str, str], mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,  # the same examples on every run: CI failures reproduce
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


# Hundreds of calls with one token in a few seconds: the rate limits (tested on their own in
# commonground/accounts/tests/test_ratelimit.py) would answer 429 to most of them.
@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["branch_organiser_a", "viewer"])
@override_settings(COMMONGROUND_RATE_LIMITS={"api.ip": "off", "api.key": "off"})
def test_every_operation_conforms_to_the_schema(
    request: pytest.FixtureRequest, persona: str, world: Any, wsgi_app: Any
) -> None:
    user = request.getfixturevalue(persona)
    headers = {"Authorization": f"Bearer {token(user)}"}
    operations = _operations(wsgi_app)
    assert len(operations) >= 25
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _run(operation, headers, mode)
