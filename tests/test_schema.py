"""Property-based run of the HTTP API against its own OpenAPI schema (schemathesis): every
read operation, generated parameters of every shape, never a 5xx, every response as the
schema says (errors included: ``{"detail": …}``). The upload endpoints are covered by
test_api.py with real files."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from wrsearch.api import create_app

EXAMPLES = 25  # per operation


def test_every_read_operation_holds_to_its_schema(seed_index):
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(index_dir=seed_index))
    checked, cases = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/reports"):
            continue  # they change the index

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            nonlocal cases
            cases += 1
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.text[:200])
            case.validate_response(response, checks=[response_schema_conformance])

        check()
        checked.append(f"{operation.method.upper()} {operation.path}")
    assert {"GET /search", "GET /ask", "GET /items/{item_id}", "GET /status"} <= set(checked)
    assert cases >= 5 * len(checked)
