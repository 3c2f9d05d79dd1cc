"""The overview's cycle panels in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

import json
import urllib.request

import pytest

pytestmark = pytest.mark.slow

STAGES = ["euphoria", "pragmatism", "disillusionment", "crisis", "reset"]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=300) as r:
        return json.load(r)


def test_overview_shows_fused_measure_stages_methods_and_verdict(browser, live_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    page.on(
        "response",
        lambda r: failed.append(r.url) if r.status >= 400 and "favicon" not in r.url else None,
    )
    page.on("pageerror", lambda exc: failed.append(f"page error: {exc}"))
    # console errors other than failed loads (those are checked by URL above: the favicon 404s)
    page.on(
        "console",
        lambda msg: (
            failed.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.goto(f"{live_server}/?dyad=USA-RUS")

    # the fused measure: mean line and band drawn over every month the API returns
    page.wait_for_selector("#fused-plot .main-svg", timeout=60_000)
    fused = _get(f"{live_server}/api/cycle/fused?dyad=USA-RUS")
    assert int(page.get_attribute("#fused-plot", "data-months")) == len(fused["months"])
    names = page.evaluate("() => document.getElementById('fused-plot').data.map(t => t.name)")
    assert "smoothed mean" in names and "90% band" in names
    assert page.locator("#fused-streams tbody tr").count() == len(fused["streams"])

    # the stacked area: five stacked traces, one per stage, as the API gives them
    page.wait_for_selector("#stage-probabilities .main-svg", timeout=60_000)
    traces = page.evaluate(
        "() => document.getElementById('stage-probabilities').data"
        ".map(t => [t.name, t.stackgroup, t.y.length])"
    )
    n = len(fused["months"])
    assert traces == [[s, "p", n] for s in STAGES]
    ordered = _get(f"{live_server}/api/cycle/ordered?dyad=USA-RUS")
    assert page.locator("#turning-points tbody tr").count() == len(ordered["turning_points"])
    assert ordered["months"][-1]["stage"] in page.inner_text("#ordered-now")

    # the second method and the kappa
    page.wait_for_selector("#kappa", timeout=60_000)
    methods = _get(f"{live_server}/api/cycle/methods?dyad=USA-RUS")
    assert f"{methods['kappa']:.2f}" in page.inner_text("#kappa")
    shapes = page.evaluate("() => document.getElementById('methods-plot').layout.shapes.length")
    assert shapes == len(methods["ordered"]) + len(methods["changepoint"])

    # the comparison and the verdict, as the API (and so the Study) says
    page.wait_for_selector("#verdict", timeout=300_000)
    comparison = _get(f"{live_server}/api/cycle/comparison?dyad=USA-RUS")
    assert page.inner_text("#verdict") == comparison["verdict"]
    assert page.inner_text("#verdict-badge") == comparison["supported"]
    assert page.locator("#comparison-table tbody tr").count() == len(comparison["table"])
    assert failed == []
    context.close()
