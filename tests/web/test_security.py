"""Response headers, the body limit and the bind address."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from dyadwatch.web.app import create_app
from dyadwatch.web.security import MAX_BODY


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app(tmp_path_factory.mktemp("sec") / "store.duckdb")
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("path", ["/", "/events", "/threats", "/api/health", "/static/app.js"])
def test_every_response_has_the_headers(client, path):
    r = client.get(path)
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "script-src 'self';" in csp  # no inline scripts on the pages
    assert not re.search(r"https?:|\*", csp), csp  # no remote source at all
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_errors_and_docs_have_them_too(client):
    assert client.get("/api/stages?dyad=XXX-YYY").headers["x-content-type-options"] == "nosniff"
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.text
    assert "https://" not in docs.text  # the docs' assets are served locally
    assert "'unsafe-inline'" in docs.headers["content-security-policy"]
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200


@pytest.mark.parametrize("path", ["/", "/events", "/threats", "/risk", "/models"])
def test_pages_have_no_inline_scripts(client, path):
    html = client.get(path).text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path


def test_a_large_body_is_refused_with_413(client):
    big = b'{"yaml": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    r = client.post("/api/risk/run", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "over the limit" in r.json()["detail"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_a_chunked_large_body_is_refused_with_413(client):
    def chunks():
        for _ in range(40):
            yield b"x" * 16384

    r = client.post(
        "/api/threats/assess", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413


def test_a_small_body_still_works(client):
    r = client.post("/api/risk/run", json={"scenario": "cuba1962", "n": 1000})
    assert r.status_code == 200 and len(b"x" * 10) < MAX_BODY


def test_serve_warns_when_bound_beyond_loopback(monkeypatch, capsys, tmp_db):
    import dyadwatch.cli.serve as serve

    calls = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.update(kw))
    from dyadwatch.cli import main

    assert main(["serve", "--host", "0.0.0.0", "--port", "0", "--db", str(tmp_db)]) == 0
    err = capsys.readouterr().err
    assert "warning: binding to 0.0.0.0" in err and calls["host"] == "0.0.0.0"
    assert {"127.0.0.1", "::1", "localhost"} <= serve.LOOPBACK
