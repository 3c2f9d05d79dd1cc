"""The structure page and its API: the per-measure test, Park, no shadowing of /api/structure."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dyadwatch.web.app import create_app

VERDICTS = {"structure", "personality", "undecided"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return TestClient(create_app(tmp_path_factory.mktemp("structure") / "s.duckdb"))


@pytest.fixture(scope="module")
def measures(client):
    r = client.get("/api/structure/measures", params={"dyad": "USA-RUS"})
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture(scope="module")
def park(client, measures):
    r = client.get("/api/structure/park", params={"dyad": "USA-RUS"})
    assert r.status_code == 200, r.text
    return r.json()


def test_each_measure_has_its_series_breaks_and_a_row(measures):
    rows = {m["measure"]: m for m in measures["measures"]}
    assert (
        {"index", "kappa", "idealpoint"}
        <= set(rows)
        <= {
            "index",
            "kappa",
            "idealpoint",
            "capability",
        }
    )
    series = {s["measure"]: s for s in measures["series"]}
    assert set(series) == set(rows)
    for name, row in rows.items():
        s = series[name]
        # the series shown is the one the test used: same length, first and last period
        assert len(s["points"]) == row["n"]
        assert f"{s['points'][0]['period']}–{s['points'][-1]['period']}" == row["span"]
        assert len(s["breaks"]) == row["breaks"]
        assert all(p["value"] is not None for p in s["points"])
        assert row["verdict"] in VERDICTS and row["text"].endswith(f"{row['verdict']}.")
    assert rows["index"]["freq"] == "month" and rows["kappa"]["freq"] == "year"
    ideal = series["idealpoint"]["points"]
    assert all(p["lo"] < p["value"] < p["hi"] for p in ideal)


def test_row_figures_agree_with_the_verdict_rule(measures):
    for m in measures["measures"]:
        assert m["leaders_minus_structure"] == pytest.approx(m["lpd_leaders"] - m["lpd_structure"])
        decisive = abs(m["leaders_minus_structure"]) > 2 * m["se"]
        if m["p_terms"] < 0.05 and decisive and m["leaders_minus_structure"] > 0:
            expected = "personality"
        elif m["p_terms"] >= 0.05 and decisive and m["leaders_minus_structure"] < 0:
            expected = "structure"
        else:
            expected = "undecided"
        assert m["verdict"] == expected
        assert 0 < m["p_leader"] <= 1 and 0 < m["p_structural"] <= 1


def test_robustness_line_counts_the_verdicts(measures):
    line = measures["robustness"]
    verdicts = [m["verdict"] for m in measures["measures"]]
    assert f"across {len(verdicts)} measures" in line
    for v in set(verdicts):
        names = ", ".join(m["measure"] for m in measures["measures"] if m["verdict"] == v)
        assert f"{verdicts.count(v)} {v} ({names})" in line
    assert line.startswith(
        "The verdict holds" if len(set(verdicts)) == 1 else "The verdicts differ"
    )


def test_markers_and_freshness(measures):
    dates = [t["date"] for t in measures["transitions"]]
    assert dates == sorted(dates) and "1999-12-31" in dates and "2009-01-20" in dates
    assert any(e["date"] == "2014-03-18" for e in measures["structural_events"])
    assert measures["freshness"][0]["source"] == "chronology"
    assert set(measures["hypotheses"]) >= {"structure", "personality"}


def test_park_comparison(park, measures):
    assert park["dyad"] == "USA-RUS"
    models = {m["model"]: m for m in park["models"]}
    assert set(models) == {"leaders", "structure"}
    diff = models["leaders"]["lpd_blocked"] - models["structure"]["lpd_blocked"]
    assert park["blocked_difference"] == pytest.approx(diff, abs=2e-3)
    assert park["verdict"] in {"structure", "leaders", "undecided"}
    assert park["text"].endswith(f"Verdict: {park['verdict']}.")
    assert int(park["end"]) - int(park["start"]) + 1 == park["n"]
    assert park["robustness"] == measures["robustness"]
    assert "2014" in park["breaks"]


def test_old_structure_route_is_not_shadowed(client, measures):
    old = client.get("/api/structure").json()
    assert 0 < old["timing_p_leaders"] <= 1 and old["verdict"]
    assert "measures" not in old and "timing_p_leaders" not in measures


@pytest.mark.parametrize("path", ["/api/structure/measures", "/api/structure/park", "/structure"])
@pytest.mark.parametrize("dyad", ["XXX-YYY", "USA", "A" * 40])
def test_bad_dyad_is_a_422_with_one_line(client, path, dyad):
    r = client.get(path, params={"dyad": dyad})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail


def test_page_script_and_nav(client):
    page = client.get("/structure", params={"dyad": "USA-RUS"})
    assert page.status_code == 200
    assert '<script src="/static/structure.js">' in page.text
    assert 'id="measures-plot"' in page.text and 'id="park-body"' in page.text
    js = client.get("/static/structure.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "/api/structure/measures" in js.text and "/api/structure/park" in js.text
    overview = client.get("/").text
    assert 'href="/structure?dyad=USA-RUS"' in overview
    assert client.get("/static/nothing.js").status_code == 404


def test_openapi_documents_both_routes(client):
    spec = client.get("/openapi.json").json()
    for path, model in (
        ("/api/structure/measures", "StructureMeasures"),
        ("/api/structure/park", "ParkAnswer"),
    ):
        ok = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert ok["schema"]["$ref"].endswith(model)
    assert "/api/structure" in spec["paths"]


def test_window_is_in_whole_periods_of_each_measure(measures):
    windows = {m["freq"]: m["window"] for m in measures["measures"]}
    assert windows == {"month": 3, "year": 0}
