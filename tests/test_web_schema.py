"""schemathesis against the OpenAPI spec of the JSON API: for every operation, requests
generated from the schema — valid ones and invalid ones, a bounded number of each — get no
5xx, only documented status codes and content types, and responses that match their
declared schemas. (Driven through Hypothesis directly: schemathesis' pytest fixture
loader does not run under pytest 9.)"""
from __future__ import annotations

import os

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from web_helpers import EXAMPLE_TXT, wait_done

from juesuan.web import Settings, create_app

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = int(os.environ.get("JUESUAN_SCHEMA_EXAMPLES", "20"))  # per operation and mode


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    folder = tmp_path_factory.mktemp("schema")
    app = create_app(Settings(db=folder / "store.duckdb", max_upload_mb=1, query_timeout_s=1.0,
                              query_row_limit=20))
    with TestClient(app) as client:  # runs the lifespan: store and worker pool live on `app.state`
        response = client.post("/api/documents", files=[("files", ("example.txt", EXAMPLE_TXT.read_bytes()))])
        wait_done(client, response.json()[0]["id"])
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def _operations():
    app = create_app(Settings(db="unused.duckdb"))  # the spec only: no lifespan, nothing opened
    schema = schemathesis.openapi.from_dict(app.openapi())
    return sorted(f"{op.ok().method.upper()} {op.ok().path}" for op in schema.get_all_operations())


def test_every_operation_is_covered() -> None:
    assert {"POST /api/documents", "GET /api/documents", "GET /api/documents/{doc_id}", "GET /api/cells",
            "GET /api/findings", "GET /api/rules", "POST /api/query"} <= set(_operations())


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
@pytest.mark.parametrize("label", _operations())
def test_operation_conforms_to_its_schema(api, label: str, mode) -> None:
    method, path = label.split(" ", 1)
    operation = next(op.ok() for op in api.get_all_operations()
                     if op.ok().method.upper() == method and op.ok().path == path)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        case.call_and_validate(checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # e.g. GET /api/rules takes no parameter, so no request can break its schema: that is
        # acceptable only when looking for invalid requests; valid ones must always exist.
        assert mode is schemathesis.GenerationMode.NEGATIVE, f"{label}: no valid request can be generated"
