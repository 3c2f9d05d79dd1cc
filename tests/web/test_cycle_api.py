"""The cycle API of issue 13: the fused measure, the ordered stages, two methods, the comparison."""

from __future__ import annotations

import time

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from dyadwatch.stagenames import STAGES
from dyadwatch.study import Study
from dyadwatch.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return TestClient(create_app(tmp_path_factory.mktemp("cycle-api") / "s.duckdb"))


def _study(client, dyad="USA-RUS") -> Study:
    return client.app.state.service.study(dyad)


def test_fused_band_holds_the_mean_and_matches_the_study(client):
    r = client.get("/api/cycle/fused", params={"dyad": "USA-RUS"})
    assert r.status_code == 200
    body = r.json()
    months = body["months"]
    assert body["ci"] == 0.9 and len(months) >= 300
    assert all(m["lo"] <= m["mean"] <= m["hi"] for m in months)
    assert all(m["hi"] - m["lo"] > 0 for m in months)
    sm = _study(client).fused.smoothed_
    assert [m["month"] for m in months] == [str(p) for p in sm.index]
    assert [m["mean"] for m in months] == pytest.approx(sm["mean"].tolist())
    ref = [s for s in body["streams"] if s["reference"]]
    assert [s["stream"] for s in ref] == ["chronology"] and ref[0]["loading"] == 1.0
    assert "state" not in {s["stream"] for s in body["streams"]}


def test_stage_probabilities_sum_to_one_and_path_is_the_studys(client):
    body = client.get("/api/cycle/ordered").json()
    assert body["stages"] == list(STAGES)
    months = body["months"]
    for m in months:
        assert sum(m[s] for s in STAGES) == pytest.approx(1.0, abs=1e-6), m["month"]
        assert all(0.0 <= m[s] <= 1.0 for s in STAGES)
    path = _study(client).ordered_stages.path()
    assert [m["stage"] for m in months] == path.tolist()
    assert [m["month"] for m in months] == [str(p) for p in path.index]
    assert body["appear"] == [s for s in STAGES if s in set(path)]
    segs = body["segments"]  # contiguous runs that cover every month
    assert segs[0]["start"] == months[0]["month"] and segs[-1]["end"] == months[-1]["month"]
    assert sum(s["months"] for s in segs) == len(months)
    for a, b in zip(segs, segs[1:], strict=False):
        assert (pd.Period(a["end"], "M") + 1) == pd.Period(b["start"], "M")
        assert a["stage"] != b["stage"]
    tps = body["turning_points"]
    assert [t["month"] for t in tps] == [s["start"] for s in segs[1:]]
    assert all(t["lo"] <= t["month"] <= t["hi"] and 0 <= t["p_change"] <= 1 for t in tps)


def test_methods_give_the_studys_kappa_and_both_segmentations(client):
    body = client.get("/api/cycle/methods").json()
    study = _study(client)
    assert body["kappa"] == pytest.approx(study.method_agreement)
    assert -1 <= body["kappa"] <= 1
    stages = client.get("/api/stages").json()["segments"]
    assert [(s["start"], s["stage"]) for s in body["changepoint"]] == [
        (s["start"], s["stage"]) for s in stages
    ]
    assert [s["stage"] for s in body["ordered"]] == [
        s["stage"] for s in client.get("/api/cycle/ordered").json()["segments"]
    ]
    rows = body["landmarks"]
    assert len(rows) == 18 and {r["method"] for r in rows} == {"ordered", "changepoint"}
    for method, n in body["found"].items():
        assert n == sum(r["found"] for r in rows if r["method"] == method)
    assert all(r["found"] or not r["stage_ok"] for r in rows)


@pytest.mark.parametrize("path", ["fused", "ordered", "methods", "comparison"])
def test_bad_dyad_is_one_line_422(client, path):
    r = client.get(f"/api/cycle/{path}", params={"dyad": "USA-ZZZ"})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and "ZZZ" in detail


@pytest.mark.parametrize("path", ["ordered", "methods", "comparison"])
def test_too_short_a_record_is_a_422_not_a_500(client, path):
    r = client.get(f"/api/cycle/{path}", params={"dyad": "CHN-USA"})  # 16 months
    assert r.status_code == 422
    assert "24 or more" in r.json()["detail"]


def test_new_routes_are_in_the_schema_and_old_ones_stay(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("fused", "ordered", "methods", "comparison"):
        assert f"/api/cycle/{p}" in paths
    assert client.get("/api/structure").status_code == 200


@pytest.mark.slow
def test_comparison_verdict_equals_a_fresh_studys(client, monkeypatch):
    """A series study served in place of the dyad's: the endpoint's table and verdict are those
    of an independent Study of the same series."""
    from dyadwatch.cycle.simulate import simulate_cycle

    level = simulate_cycle(144, seed=3).level
    served = Study.from_series(level, name="generated cycle")
    service = client.app.state.service
    monkeypatch.setattr(service, "study", lambda dyad, freq="month": served)
    body = client.get("/api/cycle/comparison", params={"dyad": "USA-UKR"}).json()
    fresh = Study.from_series(level, name="generated cycle").model_comparison
    assert (body["verdict"], body["supported"]) == (fresh.verdict, fresh.supported)
    assert [r["model"] for r in body["table"]] == list(fresh.table.index)
    assert [r["cv_loglik"] for r in body["table"]] == pytest.approx(
        fresh.table["cv_loglik"].tolist()
    )


@pytest.mark.slow
def test_comparison_on_the_built_in_data_is_the_studys_and_cached(client):
    t0 = time.perf_counter()
    r = client.get("/api/cycle/comparison")
    cold = time.perf_counter() - t0
    assert r.status_code == 200
    body = r.json()
    result = _study(client).model_comparison
    assert body["verdict"] == result.verdict and body["supported"] == result.supported
    cv = [row["cv_loglik"] for row in body["table"]]
    assert cv == sorted(cv, reverse=True)
    assert {row["model"] for row in body["table"]} == {
        "ordered-5",
        "unordered-5",
        "hsmm-3",
        "hsmm-2",
        "changepoint",
        "one-regime",
    }
    assert (body["table"][0]["model"] == "ordered-5") == (body["supported"] != "not supported")
    t0 = time.perf_counter()
    assert client.get("/api/cycle/comparison").json() == body
    assert time.perf_counter() - t0 < cold / 10  # served from memory
