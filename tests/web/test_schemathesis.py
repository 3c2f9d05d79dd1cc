"""Property-based API testing against the OpenAPI schema: no 500s, no schema violations."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from dyadwatch.web.app import create_app

_APP = create_app(Path(tempfile.mkdtemp(prefix="dw-schemathesis-")) / "s.duckdb")
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    # Every check runs. A schema-valid request may still be refused with a 422 on meaning (an
    # unknown country code, 'from' after 'to'): schemathesis.toml accepts 422 for positive data.
    case.call_and_validate()
