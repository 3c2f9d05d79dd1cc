"""Issue 16, load: answers kept as bytes per commit (web/service.py, web/freshness.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dyadwatch.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return TestClient(create_app(tmp_path_factory.mktemp("fast") / "s.duckdb"))


def test_a_repeated_get_is_answered_from_its_bytes_with_the_same_headers(client):
    """The second identical GET skips routing but is the same answer, same headers."""
    path = "/api/events?dyad=USA-RUS&limit=3&from=2008-01-01"
    first = client.get(path)
    service = client.app.state.service
    assert service.hot(("/api/events", b"dyad=USA-RUS&limit=3&from=2008-01-01")) == first.content
    second = client.get(path)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    for name in ("content-type", "content-length", "content-security-policy", "x-frame-options"):
        assert first.headers[name] == second.headers[name]


def test_refused_requests_are_not_kept(client):
    for _ in range(2):
        assert client.get("/api/events?dyad=USA-RUS&limit=0").status_code == 422
    assert client.app.state.service.hot(("/api/events", b"dyad=USA-RUS&limit=0")) is None


def test_a_page_is_serialised_once_per_commit(client):
    service = client.app.state.service
    one = client.get("/api/events?dyad=USA-RUS&limit=2&offset=1").content
    index = service.cached_events("USA-RUS")
    assert index.page(None, None, None, None, 1, 2) is index.page(None, None, None, None, 1, 2)
    assert index.page(None, None, None, None, 1, 2) == one
