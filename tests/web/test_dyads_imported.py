"""``/api/dyads`` lists the dyads of imported events too, not only the chronology's."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dyadwatch.ingest import ingest
from dyadwatch.store import open_store
from dyadwatch.web.app import create_app


def test_imported_dyads_are_listed(tmp_path, shared_data):
    sample = shared_data / "icews_samples" / "events.2018.sample.tab"
    if not sample.exists():
        pytest.skip(f"{sample} is missing")
    db = tmp_path / "store.duckdb"
    with open_store(db) as store:
        summary = ingest("icews", [sample], store=store)
    assert summary.accepted > 0
    with TestClient(create_app(db)) as client:
        dyads = {d["dyad"]: d["events"] for d in client.get("/api/dyads").json()}
    assert "PRK-USA" in dyads and dyads["PRK-USA"] > 0
    assert "RUS-USA" in dyads
