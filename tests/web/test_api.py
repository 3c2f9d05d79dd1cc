"""The JSON API: validation (422, never 500), pagination, no path traversal."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dyadwatch.web.app import MAX_PAGE, create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return TestClient(create_app(tmp_path_factory.mktemp("api") / "s.duckdb"))


def test_events_page_and_total(client):
    r = client.get("/api/events", params={"dyad": "USA-RUS", "limit": 5})
    body = r.json()
    assert r.status_code == 200
    assert body["total"] >= len(body["events"]) == 5
    first = body["events"][0]
    assert first["citation"] and first["cameo_name"]
    r2 = client.get("/api/events", params={"dyad": "RUS-USA", "limit": 5, "offset": 5})
    assert r2.json()["events"][0]["event_id"] != first["event_id"]


def test_filters(client):
    body = client.get("/api/events", params={"from": "1999-03-01", "to": "1999-03-31"}).json()
    assert body["total"] > 0
    assert all("1999-03-01" <= e["date"] <= "1999-03-31" for e in body["events"])
    body = client.get("/api/events", params={"q": "Primakov"}).json()
    assert any("Primakov" in e["description"] for e in body["events"])


@pytest.mark.parametrize(
    "params",
    [
        {"dyad": "XXX-YYY"},
        {"dyad": "USA"},
        {"from": "2020-13-01"},
        {"from": "2020-01-01", "to": "2019-01-01"},
        {"tag": "gossip"},
        {"limit": MAX_PAGE + 1},
        {"limit": 0},
        {"offset": -1},
        {"dyad": "A" * 100},
    ],
)
def test_bad_parameters_get_422_with_a_message(client, params):
    r = client.get("/api/events", params=params)
    assert r.status_code == 422
    assert r.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/static/../pyproject.toml",
        "/static/%2e%2e%2fapp.py",
        "/static/..%2F..%2Fetc%2Fpasswd",
        "/static/app.py",
        "/static/templates/base.html",
    ],
)
def test_no_path_traversal(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "import" not in r.text


def test_pages_and_assets_are_local(client):
    for path in ("/", "/events"):
        html = client.get(path).text
        assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html
    assert client.get("/static/plotly.min.js").status_code == 200
    assert client.get("/").status_code == 200


def test_dyads_and_leaders(client):
    dyads = client.get("/api/dyads").json()
    assert dyads[0]["dyad"] in ("RUS-USA", "USA-RUS") or dyads[0]["events"] >= dyads[-1]["events"]
    assert any(d["dyad"] == "RUS-USA" for d in dyads)
    leaders = client.get("/api/leaders", params={"country": "USA"}).json()
    assert leaders[-1]["name"] == "Donald Trump" and leaders[-1]["end"] is None
    assert client.get("/api/leaders", params={"country": "FRA"}).status_code == 422


def test_model_endpoints(client):
    register = client.get("/api/threats").json()
    assert len(register) >= 30 and {"id", "most_likely", "confidence"} <= set(register[0])
    one = client.get(f"/api/threats/claims/{register[0]['id']}").json()
    assert one["ranking"] and one["matrix"]
    trust = client.get("/api/trust", params={"forgetting": 0.9, "asymmetry": 0.5}).json()
    assert all(0 <= r["lower"] <= r["mean"] <= r["upper"] <= 1 for r in trust)
    assert client.get("/api/trust", params={"forgetting": 0}).status_code == 422
    nb = client.get("/api/neighbours").json()
    for state, row in nb["matrix"].items():
        assert abs(sum(row.values()) - 1) < 1e-9, state
    assert client.get("/api/neighbours", params={"rule": "nope"}).status_code == 422


def test_ach_assess_endpoint(client):
    body = {
        "claim": "x",
        "evidence": [
            {
                "id": "E1",
                "text": "a",
                "ratings": {"real": "I", "perceived": "C", "contrived": "II"},
            },
            {
                "id": "E2",
                "text": "b",
                "weight": 2,
                "ratings": {"real": "C", "perceived": "C", "contrived": "I"},
            },
        ],
    }
    res = client.post("/api/threats/assess", json=body).json()
    # scores by hand: real 1, perceived 0, contrived 2 + 2*1 = 4
    assert res["scores"] == {"real": 1.0, "perceived": 0.0, "contrived": 4.0}
    assert res["ranking"] == ["perceived", "real", "contrived"]
    body["evidence"][0]["ratings"]["real"] = "Q"
    bad = client.post("/api/threats/assess", json=body)
    assert bad.status_code == 422 and "unknown rating 'Q'" in bad.json()["detail"]
    body["evidence"][0]["ratings"] = {"real": "I"}
    assert client.post("/api/threats/assess", json=body).status_code == 422


def test_risk_run_endpoint(client):
    names = client.get("/api/risk/scenarios").json()
    assert "cuba1962" in names
    res = client.post("/api/risk/run", json={"scenario": "cuba1962", "n": 2000, "seed": 1}).json()
    probs = [row["probability"] for row in res["outcomes"]]
    assert abs(sum(probs) - 1) < 1e-6
    assert res["credibility"] and res["self_deterrence"]
    assert client.post("/api/risk/run", json={"scenario": "atlantis"}).status_code == 422
    assert (
        client.post("/api/risk/run", json={"scenario": "cuba1962", "n": 10**9}).status_code == 422
    )
    bad_yaml = {"yaml": "title: x\nbogus_key: 1\n", "n": 10}
    r = client.post("/api/risk/run", json=bad_yaml)
    assert r.status_code == 422 and "line" in r.json()["detail"]


def test_cycle_endpoints(client):
    stages = client.get("/api/stages").json()
    segs = stages["segments"]
    assert segs and all({"start", "end", "stage", "confidence"} <= set(s) for s in segs)
    assert {s["stage"] for s in segs} <= {
        "euphoria",
        "pragmatism",
        "disillusionment",
        "crisis",
        "reset",
    }
    now = client.get("/api/now").json()
    assert now["stage"] == segs[-1]["stage"] and now["since"] == segs[-1]["start"]
    idx = client.get("/api/index", params={"freq": "year"}).json()
    assert idx["periods"] and idx["sparse"] is True
    assert client.get("/api/index", params={"freq": "decade"}).status_code == 422
    pres = client.get("/api/presidents").json()
    assert any(r["president"] == "Barack Obama" for r in pres)
    st = client.get("/api/structure").json()
    assert 0 < st["timing_p_leaders"] <= 1 and st["verdict"]
    assert client.get("/api/stages", params={"dyad": "USA-XXX"}).status_code == 422


def test_landmarks_endpoint(client):
    res = client.get("/api/landmarks")
    assert res.status_code == 200
    data = res.json()
    assert len(data["landmarks"]) == 9
    assert data["found"] == sum(r["found"] for r in data["landmarks"])
    again = client.get("/api/landmarks", params={"dyad": "RUS-USA"}).json()
    assert again["found"] == data["found"]
    other = client.get("/api/landmarks", params={"dyad": "CHN-USA"})
    assert other.status_code == 422
    assert other.json()["detail"].startswith("no built-in landmarks for CHN-USA")


def test_unga_endpoint(client, shared_data):
    body = client.get("/api/unga", params={"pair": "US-RU"}).json()
    assert body["pair"] == "US-RU" and body["freshness"].startswith("UN votes as of ")
    assert "to 2019-" in body["freshness"] and "roll calls; newest" in body["freshness"]
    y2000 = next(r for r in body["years"] if r["year"] == 2000)
    assert (y2000["agreed"], y2000["both_voted"]) == (26, 76)
    assert client.get("/api/unga", params={"pair": "XX-YY"}).status_code == 422


def test_dyad_pages_state_the_data_range_and_age(client):
    from dyadwatch.freshness import today

    for path in ("/", "/events"):
        text = client.get(path, params={"dyad": "USA-RUS"}).text
        assert f"Data as of {today()}: chronology 1991-12-25 to " in text
        assert 'class="freshness' in text
    # the shipped chronology ends months before today: the line warns and names the command
    assert "freshness stale" in client.get("/").text and "dyadwatch update" in client.get("/").text
    other = client.get("/", params={"dyad": "USA-PRK"}).text  # no events: says so, page still up
    assert 'class="freshness stale"' in other and "no events" in other.lower()


def test_the_dashboard_has_an_icon_and_favicon_ico_is_not_a_404(client):
    icon = client.get("/static/icon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    assert icon.content.startswith(b"<svg")
    fav = client.get("/favicon.ico")
    assert fav.status_code == 200 and fav.content == icon.content
    assert '<link rel="icon" href="/static/icon.svg"' in client.get("/").text
